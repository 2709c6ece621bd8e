import type { FileContext } from '../rules/rule';
import type { Fix, TextEdit } from '../types';
import { signerIdentityOrPlaceholder, type PlaceholderIdentity } from '../facts/workspace-facts';

export const PUBLIC_FULCIO = 'https://fulcio.sigstore.dev';
export const PUBLIC_REKOR = 'https://rekor.sigstore.dev';

/** The signer identity to pin: inferred from the workspace (git remote, default branch, signing workflow) or a placeholder. */
export function policyIdentity(file: FileContext): PlaceholderIdentity {
  return signerIdentityOrPlaceholder(file.workspace);
}

/** A YAML double-quoted scalar (placeholders contain `<`/`>`; quoting keeps every value unambiguous). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** What the fix pinned and where it came from, or which parts the user must fill in. */
export function identityNote(identity: PlaceholderIdentity): string {
  if (!identity.exact) {
    return `Could not infer ${identity.missing.join(', ') || 'the signer'}: replace the <…> placeholders with the exact identity of the CI workflow that signs (GitHub: https://github.com/OWNER/REPO/.github/workflows/FILE@refs/heads/BRANCH, GitLab: https://gitlab.com/GROUP/PROJECT//.gitlab-ci.yml@refs/heads/BRANCH).`;
  }
  if (identity.match === 'regexp') {
    return `Pins the signer to ${identity.identity} (issuer ${identity.issuer}): the signing workflow of this repository on exactly the refs its triggers run on (tags, releases or several branches), inferred from the git remote and the workflow's \`on:\`.`;
  }
  return `Pins the signer ${identity.identity} (issuer ${identity.issuer}), inferred from the git remote, the signing workflow and the branch its triggers run on.`;
}

/** The YAML key of a policy subject: `subject` for an exact identity, `subjectRegExp` for a regexp. */
export function subjectKey(identity: PlaceholderIdentity): 'subject' | 'subjectRegExp' {
  return identity.match === 'regexp' ? 'subjectRegExp' : 'subject';
}

/** KW501 and KW510: a policy's key replaced by the keyless signer identity (declared as TRUST_KEYLESS_IDENTITY_FIX). */
export function keylessIdentityFix(identity: PlaceholderIdentity, edit: TextEdit): Fix {
  return {
    title: identity.exact
      ? 'Trust the keyless signer identity instead of a key'
      : 'Trust a keyless signer identity instead of a key (fill in the placeholders)',
    edits: [edit],
    safety: 'review',
    pinsIdentity: true,
    ...(identity.exact ? {} : { needsInput: true as const }),
    note: identityNote(identity),
  };
}
