/**
 * The verification result as an HTML page for a webview: every check with its outcome, the signer and
 * its GitHub Actions claims, the log entries, the timestamps and, on failure, the failing check and what
 * it means. No scripts: the strict CSP allows only the extension's stylesheet, and the one action
 * ("Trust this signer…") is a command link. Every value from the bundle is HTML-escaped.
 */
import type { Check, VerificationResult } from '../../engine/verify/types';
import { CHECK_MEANINGS } from './check-meanings';

export interface ResultPageOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** The stylesheet's webview URI. */
  readonly styleUri: string;
  /** Shown above the checks: which files were verified, which trust and policy were used. */
  readonly artifactLabel: string;
  readonly bundleLabel: string;
  /** Extra notes (for example: online refresh turned off by an explicit trusted root). */
  readonly notes: readonly string[];
  /** A `command:` URI for "Trust this signer for this artifact pattern", when the action applies. */
  readonly trustCommandUri?: string | undefined;
}

export const STATUS_HEADINGS: Readonly<Record<VerificationResult['status'], string>> = {
  verified: 'Verified',
  'signature-valid-signer-not-checked': 'Signature valid, signer NOT checked',
  failed: 'Verification failed',
};

const OUTCOME_MARKS: Readonly<Record<Check['outcome'], string>> = {
  passed: '✓ passed',
  failed: '✗ failed',
  skipped: '– skipped',
  'not-applicable': '· n/a',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderResultPage(result: VerificationResult, options: ResultPageOptions): string {
  const csp = `default-src 'none'; style-src ${options.cspSource}; img-src ${options.cspSource};`;
  const heading = STATUS_HEADINGS[result.status];
  const body = [
    `<h1 class="status ${result.status}">${escapeHtml(heading)}</h1>`,
    `<p class="summary">${escapeHtml(result.summary)}</p>`,
    failureSection(result),
    actionSection(result, options),
    table('Inputs', [
      ['Artifact', options.artifactLabel],
      ['Artifact SHA-256', result.artifact.sha256],
      ['Bundle', options.bundleLabel],
      ['Bundle format', formatLine(result)],
      ['Trusted root', result.trustedRootDetail ?? result.trustedRoot],
      ['Signer checked against', result.policy],
      ...options.notes.map((note): [string, string] => ['Note', note]),
    ]),
    checksSection(result.checks),
    signerSection(result),
    dsseSection(result),
    tlogSection(result),
    timestampSection(result),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(heading)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}

function failureSection(result: VerificationResult): string {
  const failure = result.failure;
  if (failure === undefined) {
    if (result.status !== 'signature-valid-signer-not-checked') return '';
    return `<div class="callout warning"><p>The signature and the transparency log check out, but <strong>nobody checked who signed</strong>: anyone can sign with Sigstore. Give the expected identity and issuer (or save them as a policy) to get a verified result.</p></div>`;
  }
  const check = result.checks.find((c) => c.id === failure.check);
  return `<div class="callout failure">
<h2>Failed check: ${escapeHtml(check?.title ?? failure.check)}</h2>
<p>${escapeHtml(failure.reason)} <code>${escapeHtml(failure.code)}</code></p>
<p><strong>What it means:</strong> ${escapeHtml(CHECK_MEANINGS[failure.check])}</p>
</div>`;
}

function actionSection(result: VerificationResult, options: ResultPageOptions): string {
  if (options.trustCommandUri === undefined || result.signer?.kind !== 'certificate') return '';
  return `<p class="actions"><a class="button" href="${escapeHtml(options.trustCommandUri)}">Trust this signer for this artifact pattern…</a></p>`;
}

function checksSection(checks: readonly Check[]): string {
  const rows = checks
    .map(
      (c) =>
        `<tr class="${c.outcome}"><td class="outcome">${escapeHtml(OUTCOME_MARKS[c.outcome])}</td><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.detail)}${c.code !== undefined ? ` <code>${escapeHtml(c.code)}</code>` : ''}</td></tr>`,
    )
    .join('\n');
  return `<h2>Checks</h2>\n<table class="checks"><thead><tr><th>Outcome</th><th>Check</th><th>Detail</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function signerSection(result: VerificationResult): string {
  const signer = result.signer;
  if (signer === undefined) return '';
  if (signer.kind === 'public-key')
    return table('Signer', [
      ['Kind', 'public key (no certificate)'],
      ['Key hint', signer.hint],
    ]);
  const gh = signer.githubActions;
  return [
    table('Signer', [
      ['Identity (SAN)', signer.identity],
      ['OIDC issuer', signer.issuer],
      ['Certificate issuer', signer.certificateIssuer],
      ['Valid from', signer.notBefore],
      ['Valid until', signer.notAfter],
      ['Serial number', signer.serialNumber],
      ['SHA-256 fingerprint', signer.sha256Fingerprint],
    ]),
    gh === undefined
      ? ''
      : table('GitHub Actions claims', [
          ['Repository', gh.repository],
          ['Repository ref', gh.repositoryRef],
          ['Commit SHA', gh.commitSha],
          ['Workflow ref', gh.workflowRef],
          ['Workflow SHA', gh.workflowSha],
          ['Trigger', gh.trigger],
          ['Runner environment', gh.runnerEnvironment],
          ['Run', gh.runInvocationUri],
          ['Repository visibility', gh.repositoryVisibility],
        ]),
  ].join('\n');
}

function dsseSection(result: VerificationResult): string {
  const dsse = result.dsse;
  if (dsse === undefined) return '';
  return table('DSSE envelope', [
    ['Payload type', dsse.payloadType],
    ['Statement type', dsse.statementType],
    ['Predicate type', dsse.predicateType],
    ['Subjects', dsse.subjects.map((s) => `${s.name}${s.sha256 !== undefined ? ` (sha256:${s.sha256})` : ''}`).join('; ')],
    ['Subject matching the artifact', dsse.matchedSubject ?? 'none'],
  ]);
}

function tlogSection(result: VerificationResult): string {
  return result.tlogEntries
    .map((entry, i) =>
      table(result.tlogEntries.length > 1 ? `Transparency-log entry ${i + 1}` : 'Transparency-log entry', [
        ['Log index', entry.logIndex],
        ['Log ID', entry.logId],
        ['Kind', `${entry.kind} ${entry.kindVersion}`],
        ['Integrated time', entry.integratedTime],
        ['Inclusion proof', entry.inclusionProof ? 'present' : 'absent'],
        ['Signed entry timestamp', entry.inclusionPromise ? 'present' : 'absent'],
      ]),
    )
    .join('\n');
}

function timestampSection(result: VerificationResult): string {
  if (result.timestamps.length === 0) return '';
  return table(
    'Trusted timestamps',
    result.timestamps.map((t): [string, string] => [t.source === 'transparency-log' ? 'Transparency log' : 'Timestamp authority (RFC 3161)', t.time]),
  );
}

function formatLine(result: VerificationResult): string | undefined {
  const f = result.format;
  if (f === undefined) return undefined;
  const kind = f.kind === 'cosign-legacy-bundle' ? 'cosign legacy bundle (converted)' : 'Sigstore bundle';
  return `${kind} ${f.version}, ${f.content === 'dsse' ? 'DSSE envelope' : 'message signature'}, ${f.verificationMaterial}`;
}

/** A two-column table; rows whose value is missing are left out. */
function table(title: string, rows: readonly (readonly [string, string | undefined])[]): string {
  const present = rows.filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '');
  if (present.length === 0) return '';
  const body = present.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  return `<h2>${escapeHtml(title)}</h2>\n<table class="facts"><tbody>\n${body}\n</tbody></table>`;
}
