import type { EngineFixDeclaration, Fix, FixDeclaration, HostFixDeclaration, HostFixKind, RuleMeta } from '../../types';

/**
 * Fix declarations shared by several rules (rules with a fix of their own declare it in their meta).
 * Each `title` pattern matches the titles the code that builds the fix writes; the fix-declaration test
 * (test/unit/engine/rules/rule-fix-declarations.test.ts) fails when they drift apart.
 */

/** The editor's fixes for a file holding a private key: every key rule (KW1xx) offers them. */
export const KEY_FILE_FIXES: readonly HostFixDeclaration[] = [
  { kind: 'add-to-gitignore', label: 'Add to .gitignore' },
  { kind: 'stop-tracking', label: 'Stop tracking this file' },
  { kind: 'rotation-guide', label: 'Open rotation guide' },
];

/** workflows/keyless-migration.ts: the whole GitHub Actions or GitLab job (token, key variables). */
export const MIGRATE_JOB_FIX: EngineFixDeclaration = {
  kind: 'migrate-job',
  label: 'Migrate the CI job to keyless signing',
  safety: 'review',
  migration: true,
  title: /^Migrate to keyless signing$/,
};

/** fixes/cosign-fixes.ts keylessSigningFix: the command alone. */
export const SIGN_KEYLESS_FIX: EngineFixDeclaration = {
  kind: 'sign-keyless',
  label: 'Sign keyless',
  safety: 'review',
  migration: true,
  title: /^Sign keyless (instead of with a key|with a Sigstore bundle instead of a key)$/,
};

/** rules/helpers/cosign-flag-findings.ts: remove the flag or `COSIGN_…` variable that turns a check off (as written: `Remove --flag=value`). */
export const REMOVE_FLAG_FIX: EngineFixDeclaration = {
  kind: 'remove-flag',
  label: 'Remove the flag',
  safety: 'safe',
  title: /^Remove (--[\w-]+|COSIGN_\w+)(=.*)?$/,
};

/** policies/keyless-snippet.ts keylessIdentityFix: a policy-controller or Kyverno key trusted instead of a keyless identity. */
export const TRUST_KEYLESS_IDENTITY_FIX: EngineFixDeclaration = {
  kind: 'trust-keyless-identity',
  label: 'Trust a keyless signer identity',
  safety: 'review',
  migration: true,
  title: /^Trust (the|a) keyless signer identity instead of a key( \(fill in the placeholders\))?$/,
};

export function isEngineFix(declaration: FixDeclaration): declaration is EngineFixDeclaration {
  return 'title' in declaration;
}

/** The editor fixes a rule declares. */
export function hostFixKinds(meta: RuleMeta): ReadonlySet<HostFixKind> {
  return new Set(meta.fixes.filter((d): d is HostFixDeclaration => !isEngineFix(d)).map((d) => d.kind));
}

/** The declarations an emitted fix matches: its title and its safety. Exactly one, unless the rule has a bug. */
export function declarationsOf(meta: RuleMeta, fix: Fix): EngineFixDeclaration[] {
  return meta.fixes.filter(isEngineFix).filter((d) => d.title.test(fix.title) && (d.safety === fix.safety || d.safety === 'safe-or-review'));
}

/** "Add to .gitignore, Sign keyless": the labels docs and the README list. */
export function fixLabels(meta: RuleMeta): string[] {
  return meta.fixes.map((d) => d.label);
}
