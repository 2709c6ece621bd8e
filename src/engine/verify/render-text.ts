/**
 * A verification result as text for people: the verdict, each check with ✔ / ✖ / –, then what the
 * bundle says about the signer, the log entry and the attestation. Used by `keyward verify` and usable
 * as a read-only document in the editor.
 */
import { escapeForDisplay } from '../text/display-escape';
import type { Check, VerificationResult } from './types';

export interface RenderOptions {
  readonly color: boolean;
}

const MARK: Readonly<Record<Check['outcome'], string>> = { passed: '✔', failed: '✖', skipped: '–', 'not-applicable': '·' };

export function renderResultText(result: VerificationResult, options: RenderOptions): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const colorOf = (outcome: Check['outcome']) => (outcome === 'passed' ? 32 : outcome === 'failed' ? 31 : 33);
  const lines: string[] = [];
  const verdict =
    result.status === 'verified' ? paint(32, 'VERIFIED') : result.status === 'failed' ? paint(31, 'FAILED') : paint(33, 'SIGNATURE VALID, SIGNER NOT CHECKED');
  lines.push(`${verdict}  ${shown(result.summary)}`, '');
  for (const check of result.checks) {
    if (check.outcome === 'not-applicable') continue;
    lines.push(`  ${paint(colorOf(check.outcome), MARK[check.outcome])} ${check.title}: ${shown(check.detail)}`);
  }
  lines.push('');
  if (result.format)
    lines.push(
      `Bundle:        ${result.format.kind === 'cosign-legacy-bundle' ? 'cosign legacy bundle' : 'Sigstore bundle'} ${result.format.version} (${shown(result.format.mediaType)})`,
    );
  lines.push(`Artifact:      ${shown(result.artifact.path) ?? (result.artifact.kind === 'digest' ? 'digest' : 'bytes')}  sha256:${result.artifact.sha256}`);
  lines.push(`Trusted root:  ${shown(result.trustedRootDetail ?? result.trustedRoot)}`);
  lines.push(`Policy:        ${shown(result.policy)}`);
  const signer = result.signer;
  if (signer?.kind === 'certificate') {
    lines.push(
      `Signer:        ${shown(signer.identity) ?? '(no SAN)'}`,
      `Issuer:        ${shown(signer.issuer) ?? '(none)'}`,
      `Certificate:   valid ${signer.notBefore} to ${signer.notAfter}, issued by ${shown(signer.certificateIssuer)}`,
    );
    const gh = signer.githubActions;
    if (gh) {
      const rows: [string, string | undefined][] = [
        ['repository', gh.repository],
        ['ref', gh.repositoryRef],
        ['commit', gh.commitSha],
        ['workflow', gh.workflowRef],
        ['trigger', gh.trigger],
        ['runner', gh.runnerEnvironment],
        ['run', gh.runInvocationUri],
        ['visibility', gh.repositoryVisibility],
      ];
      lines.push('GitHub Actions:');
      for (const [name, value] of rows) if (value !== undefined) lines.push(`  ${`${name}:`.padEnd(13)}${shown(value)}`);
    }
  } else if (signer?.kind === 'public-key') {
    lines.push(`Signer:        public key${signer.hint ? ` (hint ${shown(signer.hint)})` : ''}`);
  }
  for (const entry of result.tlogEntries) {
    lines.push(
      `Log entry:     index ${entry.logIndex}, ${shown(entry.kind)} ${shown(entry.kindVersion)}${entry.integratedTime ? `, integrated ${entry.integratedTime}` : ''}`,
    );
  }
  for (const ts of result.timestamps) if (ts.source === 'timestamp-authority') lines.push(`Timestamp:     ${ts.time} (RFC 3161)`);
  if (result.dsse) {
    lines.push(`DSSE payload:  ${shown(result.dsse.payloadType)}${result.dsse.predicateType ? `, predicate ${shown(result.dsse.predicateType)}` : ''}`);
    for (const subject of result.dsse.subjects.slice(0, 10)) {
      lines.push(
        `  subject ${shown(subject.name)}${subject.sha256 ? ` sha256:${subject.sha256}` : ''}${subject.name === result.dsse.matchedSubject && subject.sha256 === result.artifact.sha256 ? '  ← the artifact' : ''}`,
      );
    }
    if (result.dsse.subjects.length > 10) lines.push(`  … and ${result.dsse.subjects.length - 10} more subjects`);
  }
  return `${lines.join('\n')}\n`;
}

/** Strings from the bundle (identities, claims, subjects) never drive the terminal: control characters escaped. */
function shown<T extends string | undefined>(value: T): T {
  return (value === undefined ? value : escapeForDisplay(value)) as T;
}
