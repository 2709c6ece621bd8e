import { effectiveFlag, type CosignCommand } from '../cosign/command';
import { SIGNING_COMMANDS } from '../cosign/subcommands';
import { cosignView } from '../cosign/view';
import type { FileContext } from '../rules/rule';
import type { TextRange } from '../types';
import type { GithubJob, GithubStep } from './github';
import { usesName } from './github';
import { nodeRange, stringValue } from './yaml-edit';

/** One thing in a job that signs through Sigstore, and whether it needs the job's OIDC token. */
export interface SigningStep {
  readonly label: string;
  readonly range: TextRange;
  /** Keyless: Fulcio needs the job's OIDC token (`id-token: write`). */
  readonly keyless: boolean;
  readonly command?: CosignCommand;
}

/** Actions that sign keyless (they request the job's OIDC token). */
export const KEYLESS_ACTIONS: ReadonlySet<string> = new Set([
  'actions/attest',
  'actions/attest-build-provenance',
  'actions/attest-sbom',
  'sigstore/gh-action-sigstore-python',
]);
/** Actions that exchange the job's OIDC token for cloud credentials: their jobs need `id-token: write` too. */
export const OIDC_ACTIONS: ReadonlySet<string> = new Set([
  'aws-actions/configure-aws-credentials',
  'google-github-actions/auth',
  'azure/login',
  'hashicorp/vault-action',
]);
const NPM_PROVENANCE = /\bnpm\s+publish\b[^\n]*--provenance\b(?!=false)/;

export function isInside(range: TextRange, outer: TextRange): boolean {
  return range.start >= outer.start && range.end <= outer.end;
}

/** cosign signing commands of the file that run inside `range` (documentation excluded). */
export function signingCommandsIn(file: FileContext, range: TextRange): CosignCommand[] {
  return cosignView(file).commands.filter((c) => SIGNING_COMMANDS.has(c.subcommand) && !c.documentation && isInside(c.range, range));
}

/** A cosign signing command that gets its certificate from Fulcio: no key, no hardware key, no token given (a GitLab `id_tokens: SIGSTORE_ID_TOKEN: {aud}` entry is a map, not a value). */
export function isKeylessCosign(command: CosignCommand): boolean {
  return (
    !effectiveFlag(command, 'key') &&
    !effectiveFlag(command, 'sk') &&
    !effectiveFlag(command, 'identity-token') &&
    !command.environment.some((b) => b.name === 'SIGSTORE_ID_TOKEN' && b.value !== undefined)
  );
}

/** Everything in the job that signs: cosign commands, attestation actions, `npm publish --provenance`. */
export function jobSigningSteps(file: FileContext, job: GithubJob): SigningStep[] {
  const out: SigningStep[] = [];
  for (const command of signingCommandsIn(file, job.range))
    out.push({ label: `cosign ${command.subcommand}`, range: command.headRange, keyless: isKeylessCosign(command), command });
  for (const step of job.steps) {
    const name = usesName(step);
    const range = nodeRange(step.uses);
    if (name && range && KEYLESS_ACTIONS.has(name)) out.push({ label: name, range, keyless: true });
    const run = stringValue(step.run);
    const runRange = nodeRange(step.run);
    if (run && runRange && NPM_PROVENANCE.test(run)) out.push({ label: 'npm publish --provenance', range: runRange, keyless: true });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/** The job uses the OIDC token for something else (cloud login) or calls a reusable workflow that may. */
export function jobUsesOidcOtherwise(job: GithubJob): boolean {
  if (job.uses !== undefined) return true;
  return job.steps.some((step: GithubStep) => {
    const name = usesName(step);
    return name !== undefined && OIDC_ACTIONS.has(name);
  });
}

/** Attestation actions write attestations (`attestations: write`) and, pushing to a registry, packages. */
export function jobUsesAttestActions(job: GithubJob): boolean {
  return job.steps.some((step) => (usesName(step) ?? '').startsWith('actions/attest'));
}
