import { insertAfterEdit, normalizeEdits, removeWordGroupsEdits, replaceWordsEdit, shellQuote, type NewWord } from '../shell/edits';
import type { EnvBinding } from '../shell/env-bindings';
import type { Word } from '../shell/tokens';
import type { Fix, TextEdit } from '../types';
import { identityNote } from '../policies/keyless-snippet';
import {
  providerOfHost,
  signerIdentityOrPlaceholder,
  workflowFileName,
  type CiProvider,
  type PlaceholderIdentity,
  type WorkspaceFacts,
} from '../facts/workspace-facts';
import { effectiveFlag, type CosignCommand, type CosignFlag } from '../cosign/command';
import { parseBool } from '../cosign/flags';
import { anchoredIdentityRegexp, issuerNamedBy } from '../cosign/identity-regexp';
import { classifyKeyRef } from '../cosign/key-ref';
import { BLOB_SIGNING_COMMANDS, SIGNING_COMMANDS, VERIFY_COMMANDS } from '../cosign/subcommands';

/** What the fixes need beyond the command: the file and what is known about the workspace. */
export interface FixContext {
  readonly path: string;
  readonly text: string;
  readonly workspace: WorkspaceFacts | undefined;
  /** Bindings of the file (`COSIGN_PASSWORD: ${{ secrets.X }}` …), to name the secrets a migration frees. */
  readonly bindings: readonly EnvBinding[];
  /** This file is a GitHub workflow that signs: its own path is the signer identity's workflow. */
  readonly signingWorkflow: boolean;
}

/** Removes a flag that disables a check (`--insecure-ignore-tlog`), or the `COSIGN_*` variable that sets it. */
export function removeFlagFix(command: CosignCommand, flag: CosignFlag, title: string): Fix | undefined {
  const edits = flag.binding
    ? flag.binding.removal
      ? [flag.binding.removal]
      : undefined
    : removeWordGroupsEdits(command.segment, command.invocation.command, flag.words);
  return edits && edits.length > 0 ? { title, edits, safety: 'safe' } : undefined;
}

/** Removes a binding (for a variable that is wrong wherever it is set, like `COSIGN_EXPERIMENTAL`). */
export function removeBindingFix(binding: EnvBinding, title: string): Fix | undefined {
  return binding.removal ? { title, edits: [binding.removal], safety: 'safe' } : undefined;
}

/** The CI a command runs in: the file's kind first (a workflow, a GitLab CI file), else the git remote. */
export function providerOf(command: CosignCommand, workspace: WorkspaceFacts | undefined): CiProvider | undefined {
  if (command.segment.host === 'github-actions') return 'github';
  if (command.segment.host === 'gitlab-ci') return 'gitlab';
  return workspace?.remote ? providerOfHost(workspace.remote.host) : undefined;
}

function tokenHint(provider: CiProvider | undefined): string {
  if (provider === 'github') return 'the job needs `permissions: id-token: write` so cosign can get a GitHub OIDC token for Fulcio';
  if (provider === 'gitlab') return 'the job needs `id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }`, which cosign reads automatically';
  return 'cosign needs an OIDC identity token: in GitHub Actions grant the job `id-token: write`; in GitLab CI add `id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }`';
}

function commentText(provider: CiProvider | undefined): string {
  if (provider === 'github')
    return "# Keyless signing: cosign gets a short-lived Fulcio certificate for this job's OIDC identity (job permission id-token: write).";
  if (provider === 'gitlab')
    return "# Keyless signing: cosign gets a short-lived Fulcio certificate for this job's OIDC identity (id_tokens: SIGSTORE_ID_TOKEN with aud: sigstore).";
  return "# Keyless signing: cosign gets a short-lived Fulcio certificate for the CI job's OIDC identity (GitHub: id-token: write; GitLab: id_tokens SIGSTORE_ID_TOKEN aud sigstore).";
}

/**
 * `cosign sign --key X [--yes] IMAGE` → `cosign sign --yes IMAGE`, keeping every other flag, digest
 * and annotation; `sign-blob --key X --output-signature S F` → `sign-blob --yes --bundle F.sigstore.json F`.
 * Prefix variables that only served the key (`COSIGN_PASSWORD=… cosign sign`) go too. Where the file
 * takes comment lines, a comment says where the identity token comes from.
 */
export function keylessSigningFix(command: CosignCommand, context: FixContext): Fix | undefined {
  if (!SIGNING_COMMANDS.has(command.subcommand)) return undefined;
  const key = [...command.flags].reverse().find((f) => f.name === 'key');
  const keyBinding = key ? undefined : command.environment.find((b) => b.name === 'COSIGN_KEY' && b.invocation === command.invocation);
  if (!key && !keyBinding) return undefined;
  const segment = command.segment;
  const removals: Word[] = [...(key?.words ?? [])];
  const edits: TextEdit[] = [];
  if (keyBinding?.removal) edits.push(keyBinding.removal);
  else if (keyBinding) return undefined;
  for (const binding of command.environment) {
    if (binding.invocation === command.invocation && /^COSIGN_(PASSWORD|PRIVATE_KEY)$/.test(binding.name) && binding.removal) edits.push(binding.removal);
  }
  const inserted: NewWord[] = [];
  const yes = effectiveFlag(command, 'yes');
  if (!yes || (yes.value !== undefined && parseBool(yes.value) === false)) {
    if (yes?.words.length) removals.push(...yes.words);
    inserted.push('--yes');
  }
  const blob = BLOB_SIGNING_COMMANDS.has(command.subcommand);
  if (blob && !effectiveFlag(command, 'bundle')) {
    const artifact = command.positionals[command.positionals.length - 1];
    if (!artifact || command.opaqueArguments) return undefined;
    const bundle = bundleWordFor(command, artifact, context.text);
    if (!bundle) return undefined;
    inserted.push('--bundle', bundle);
    for (const flag of command.flags) if (['output-signature', 'output-certificate', 'output'].includes(flag.name)) removals.push(...flag.words);
  }
  const removed = removeWordGroupsEdits(segment, command.invocation.command, removals);
  if (!removed) return undefined;
  edits.push(...removed);
  const anchor = command.subcommandWords[command.subcommandWords.length - 1];
  if (inserted.length > 0) {
    const insertion = anchor ? insertAfterEdit(segment, anchor, inserted) : undefined;
    if (!insertion) return undefined;
    edits.push(insertion);
  }
  const provider = providerOf(command, context.workspace);
  const comment = commentLineEdit(command, context.text, commentText(provider));
  if (comment) edits.push(comment);
  const normalized = normalizeEdits(edits);
  if (!normalized) return undefined;
  return {
    title: blob ? 'Sign keyless with a Sigstore bundle instead of a key' : 'Sign keyless instead of with a key',
    edits: normalized,
    safety: 'review',
    note: `${capitalize(tokenHint(provider))}. ${secretsNote(command, key, context)}`,
  };
}

/** `--bundle` value derived from the artifact word as written in the file, so quoting and `$VAR`s survive. */
function bundleWordFor(command: CosignCommand, artifact: Word, text: string): NewWord | undefined {
  const suffix = '.sigstore.json';
  if (command.segment.syntax === 'json-argv') return `${artifact.value}${suffix}`;
  const source = command.segment.source;
  const start = source.originalStart(artifact.start);
  const end = source.originalEnd(artifact.end);
  const last = artifact.raw[artifact.raw.length - 1];
  if ((last === '"' || last === "'") && artifact.raw.length >= 2) {
    const closing = source.originalStart(artifact.end - 1);
    return { carrier: `${text.slice(start, closing)}${suffix}${text.slice(closing, end)}`, value: `${artifact.value}${suffix}` };
  }
  if (artifact.raw.endsWith('\\')) return undefined;
  return { carrier: `${text.slice(start, end)}${suffix}`, value: `${artifact.value}${suffix}` };
}

/** At most this many secret names in a note: a file with thousands of bindings must not make every note list them all. */
const NOTE_NAMES = 12;

interface SecretIndex {
  /** Sorted names of the key variables (`COSIGN_PASSWORD` …) bound in the file and of the secrets their values read. */
  readonly keyVariables: readonly string[];
  /** The same for each other variable name, as a command's `--key env://NAME` may read it. */
  readonly byBinding: ReadonlyMap<string, readonly string[]>;
}

const secretIndexCache = new WeakMap<readonly EnvBinding[], SecretIndex>();

/** Indexed once per file: every signing command's note asks, and a file may hold thousands of commands and bindings. */
function secretIndex(bindings: readonly EnvBinding[]): SecretIndex {
  const cached = secretIndexCache.get(bindings);
  if (cached) return cached;
  const keyVariables = new Set<string>();
  const byBinding = new Map<string, Set<string>>();
  for (const binding of bindings) {
    const names = /^COSIGN_(PASSWORD|PRIVATE_KEY|KEY)$/.test(binding.name)
      ? keyVariables
      : (byBinding.get(binding.name) ?? (byBinding.set(binding.name, new Set()).get(binding.name) as Set<string>));
    names.add(binding.name);
    for (const match of (binding.value ?? '').matchAll(/secrets\.([A-Za-z0-9_]+)|^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/g)) names.add(match[1] ?? match[2] ?? '');
    names.delete('');
  }
  const index = { keyVariables: [...keyVariables].sort(), byBinding: new Map([...byBinding].map(([name, names]) => [name, [...names].sort()])) };
  secretIndexCache.set(bindings, index);
  return index;
}

/** What the user can delete after migrating: the key file, the key and password secrets. */
function secretsNote(command: CosignCommand, key: CosignFlag | undefined, context: FixContext): string {
  const ref = key?.value !== undefined ? classifyKeyRef(key.value) : undefined;
  const secrets = secretIndex(context.bindings);
  const viaKey = secrets.byBinding.get(ref?.envName ?? '') ?? [];
  // The first names of each sorted list are the first names of their union.
  const names = [
    ...new Set([...(ref?.kind === 'env' && ref.envName ? [ref.envName] : []), ...secrets.keyVariables.slice(0, NOTE_NAMES), ...viaKey.slice(0, NOTE_NAMES)]),
  ].sort();
  const more = names.length > NOTE_NAMES || secrets.keyVariables.length > NOTE_NAMES || viaKey.length > NOTE_NAMES ? ' (and more)' : '';
  const parts: string[] = [];
  if (ref?.kind === 'file' && key?.value)
    parts.push(`the key file \`${key.value}\` (remove it from the repository and rotate it: its signatures stay valid for anyone holding it)`);
  if (ref?.kind === 'k8s') parts.push(`the Kubernetes secret \`${key?.value ?? ''}\``);
  if (names.length > 0)
    parts.push(
      `the CI secrets/variables ${names
        .slice(0, NOTE_NAMES)
        .map((n) => `\`${n}\``)
        .join(', ')}${more} once no other job uses them`,
    );
  if (command.segment.host === 'github-actions' || command.segment.host === 'gitlab-ci') parts.push('the env entries that passed them to this job');
  return parts.length > 0
    ? `After migrating you can delete ${parts.join('; ')}.`
    : 'After migrating, delete the private key and its password wherever they are stored.';
}

/**
 * `--key cosign.pub` → `--certificate-identity=… --certificate-oidc-issuer=…`: the exact signer
 * identity inferred from the workspace, or a placeholder snippet when it cannot be inferred.
 */
export function identityVerificationFix(command: CosignCommand, context: FixContext): Fix | undefined {
  if (!VERIFY_COMMANDS.has(command.subcommand)) return undefined;
  const key = [...command.flags].reverse().find((f) => f.name === 'key');
  if (!key) return undefined;
  const identity = identityFor(command, context);
  const replacement = missingIdentityFlagWords(command, identity);
  const edit =
    replacement.length > 0
      ? replaceWordsEdit(command.segment, key.words, replacement)
      : removeWordGroupsEdits(command.segment, command.invocation.command, key.words)?.[0];
  if (!edit) return undefined;
  const blobNote =
    command.subcommand.startsWith('verify-blob') && !effectiveFlag(command, 'bundle')
      ? ' Keyless blob verification also needs the signature bundle: `--bundle FILE.sigstore.json`.'
      : '';
  return {
    title: identity.exact
      ? 'Verify the signer identity instead of a public key'
      : 'Verify the signer identity instead of a public key (fill in the placeholders)',
    edits: [edit],
    safety: 'review',
    pinsIdentity: true,
    ...(identity.exact ? {} : { needsInput: true }),
    note: `${identityNote(identity)} Verification then passes only for keyless signatures made by that identity.${blobNote}`,
  };
}

/** The identity and issuer flags a verify command lacks (neither the exact nor the regexp form is given). */
function missingIdentityFlagWords(command: CosignCommand, identity: PlaceholderIdentity): NewWord[] {
  const words: NewWord[] = [];
  if (!effectiveFlag(command, 'certificate-identity') && !effectiveFlag(command, 'certificate-identity-regexp')) words.push(identityFlagWord(identity));
  if (!effectiveFlag(command, 'certificate-oidc-issuer') && !effectiveFlag(command, 'certificate-oidc-issuer-regexp'))
    words.push(flagWord('certificate-oidc-issuer', identity.issuer));
  return words;
}

/** Keyless verification missing `--certificate-identity` and/or `--certificate-oidc-issuer`: adds them. */
export function addIdentityFlagsFix(command: CosignCommand, context: FixContext): Fix | undefined {
  const anchor = command.subcommandWords[command.subcommandWords.length - 1];
  if (!anchor) return undefined;
  const identity = identityFor(command, context);
  const words = missingIdentityFlagWords(command, identity);
  const edit = insertAfterEdit(command.segment, anchor, words);
  if (!edit) return undefined;
  return {
    title: identity.exact ? 'Require the signer identity and issuer' : 'Require the signer identity and issuer (fill in the placeholders)',
    edits: [edit],
    safety: 'review',
    pinsIdentity: true,
    ...(identity.exact ? {} : { needsInput: true }),
    note: identityNote(identity),
  };
}

/**
 * Tightens a wildcard or unanchored `--certificate-identity-regexp`: to the same regexp anchored and
 * escaped when it names one identity, else to the exact inferred identity (or a placeholder).
 */
export function tightenIdentityFix(command: CosignCommand, flag: CosignFlag, context: FixContext): Fix | undefined {
  if (flag.binding || flag.value === undefined || !flag.literal) return undefined;
  const anchored = anchoredIdentityRegexp(flag.value);
  if (anchored) {
    const edit = replaceWordsEdit(command.segment, flag.words, [flagWord('certificate-identity-regexp', anchored)]);
    return edit ? { title: 'Anchor the identity regexp (^…$) and escape its dots', edits: [edit], safety: 'safe' } : undefined;
  }
  const identity = identityFor(command, context);
  const edit = replaceWordsEdit(command.segment, flag.words, [identityFlagWord(identity)]);
  if (!edit) return undefined;
  return {
    title: !identity.exact
      ? 'Require the exact signer identity (fill in the placeholder)'
      : identity.match === 'regexp'
        ? "Require the signing workflow's identity on the refs it runs on"
        : 'Require the exact signer identity',
    edits: [edit],
    safety: 'review',
    pinsIdentity: true,
    ...(identity.exact ? {} : { needsInput: true }),
    note: identityNote(identity),
  };
}

/** `--certificate-oidc-issuer-regexp X` → `--certificate-oidc-issuer=ISSUER`. */
export function exactIssuerFix(command: CosignCommand, flag: CosignFlag, context: FixContext): Fix | undefined {
  if (flag.binding || flag.value === undefined) return undefined;
  const named = issuerNamedBy(flag.value);
  const issuer = named ?? identityFor(command, context).issuer;
  const exact = !issuer.startsWith('<');
  const edit = replaceWordsEdit(command.segment, flag.words, [flagWord('certificate-oidc-issuer', issuer)]);
  if (!edit) return undefined;
  return {
    title: exact ? `Require the exact issuer ${issuer}` : 'Require the exact issuer (fill in the placeholder)',
    edits: [edit],
    safety: 'review',
    pinsIdentity: true,
    ...(exact ? {} : { needsInput: true }),
    note: exact
      ? `Only tokens from ${issuer} pass.`
      : 'Replace the placeholder with the issuer of the signing CI (GitHub Actions: https://token.actions.githubusercontent.com, GitLab: https://gitlab.com).',
  };
}

/** `sign-blob … F` without `--bundle` → adds `--bundle F.sigstore.json` and drops the detached outputs. */
export function bundleFix(command: CosignCommand, context: FixContext): Fix | undefined {
  const artifact = command.positionals[command.positionals.length - 1];
  const anchor = command.subcommandWords[command.subcommandWords.length - 1];
  if (!artifact || !anchor || command.opaqueArguments) return undefined;
  const bundle = bundleWordFor(command, artifact, context.text);
  if (!bundle) return undefined;
  const outputs = command.flags.filter((f) => ['output-signature', 'output-certificate', 'output'].includes(f.name));
  const removed = removeWordGroupsEdits(
    command.segment,
    command.invocation.command,
    outputs.flatMap((f) => [...f.words]),
  );
  const insertion = insertAfterEdit(command.segment, anchor, ['--bundle', bundle]);
  if (!removed || !insertion) return undefined;
  const edits = normalizeEdits([...removed, insertion]);
  if (!edits) return undefined;
  return {
    title: 'Write a Sigstore bundle (--bundle)',
    edits,
    safety: 'review',
    note: `The bundle holds the signature, the certificate and the transparency-log inclusion proof. Verify with \`cosign verify-blob --bundle … \`${outputs.length > 0 ? '; consumers of the detached signature/certificate files must switch to the bundle' : ''}.`,
  };
}

function identityFor(command: CosignCommand, context: FixContext): PlaceholderIdentity {
  const provider = providerOf(command, context.workspace);
  const workflowFile = context.signingWorkflow ? workflowFileName(context.path) : undefined;
  return signerIdentityOrPlaceholder(context.workspace, { ...(workflowFile ? { workflowFile } : {}), ...(provider ? { provider } : {}) });
}

/** `--certificate-identity=SAN`, or `--certificate-identity-regexp=RE` when the workflow signs on several refs. */
function identityFlagWord(identity: PlaceholderIdentity): NewWord {
  return flagWord(identity.match === 'regexp' ? 'certificate-identity-regexp' : 'certificate-identity', identity.identity);
}

/** `--name=value`, quoted for the shell only when needed (placeholders with `<…>` always are). */
function flagWord(name: string, value: string): NewWord {
  const word = `--${name}=${value}`;
  const quoted = shellQuote(value);
  return { shell: quoted === value ? word : `--${name}=${quoted}`, value: word };
}

/**
 * A comment line above the command, where one is valid: the command starts its line (after a
 * Makefile recipe prefix or a Dockerfile `RUN`), and the line before does not continue onto it.
 */
function commentLineEdit(command: CosignCommand, text: string, comment: string): TextEdit | undefined {
  const segment = command.segment;
  if (!segment.acceptsCommentLines || command.invocation.command.depth > 0) return undefined;
  const start = command.range.start;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  let indent: string | undefined;
  if (segment.host === 'makefile') indent = /^\t[@+\- \t]*$/.test(prefix) ? '' : undefined;
  else if (segment.host === 'dockerfile') indent = /^([ \t]*)RUN[ \t]+$/i.exec(prefix)?.[1] ?? (/^[ \t]*$/.test(prefix) ? prefix : undefined);
  else indent = /^[ \t]*$/.test(prefix) ? prefix : undefined;
  if (indent === undefined) return undefined;
  const previousLine = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, Math.max(0, lineStart - 1)).replace(/\r$/, '');
  if (lineStart > 0 && /\\$/.test(previousLine)) return undefined;
  return { range: { start: lineStart, end: lineStart }, newText: `${indent}${comment}${lineEnding(text)}` };
}

let lastLineEnding: { readonly text: string; readonly eol: string } | undefined;

/** The file's line ending, looked up once per file: every signing command of the file asks. */
function lineEnding(text: string): string {
  if (lastLineEnding?.text !== text) lastLineEnding = { text, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  return lastLineEnding.eol;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
