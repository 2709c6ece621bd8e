import { analyzeIdentityRegexp } from '../cosign/identity-regexp';
import type { Fix } from '../types';
import { signerIdentityOrPlaceholder, type WorkspaceFacts } from '../facts/workspace-facts';
import { entryNamed, insertEntries, jsString, removeEntry, type AppIssue } from './issues';
import type { Call, Entry, Source } from './syntax';

/**
 * sigstore-js: `verify(bundle[, data][, options])` and `createVerifier(options)` from `sigstore`, and
 * `new Verifier(trustMaterial, options)` / `verifier.verify(entity, policy)` from `@sigstore/verify`.
 */

const SIGSTORE = 'sigstore';
const SIGSTORE_VERIFY = '@sigstore/verify';

interface Imports {
  /** Local names of whole-module imports (`import * as sigstore`, `const sigstore = require(…)`). */
  readonly namespaces: Set<string>;
  /** Local name → imported name (`import { verify as v }`). */
  readonly named: Map<string, string>;
}

export function sigstoreJsIssues(source: Source, workspace: WorkspaceFacts | undefined): AppIssue[] {
  const modules = importsOf(source);
  const js = modules.get(SIGSTORE);
  const low = modules.get(SIGSTORE_VERIFY);
  if (!js && !low) return [];
  const issues: AppIssue[] = [];
  for (const call of source.calls()) {
    const imported = importedName(call, js) ?? importedName(call, low);
    if (js && importedName(call, js) === 'verify') {
      const options = call.args.length >= 3 ? call.args[2] : call.args.length === 2 ? secondArgument(source, call) : undefined;
      if (options !== 'unknown') sigstoreOptions(source, call, options, workspace, issues, 'verify');
    } else if (js && importedName(call, js) === 'createVerifier') {
      sigstoreOptions(source, call, call.args[0], workspace, issues, 'createVerifier');
    } else if (low && imported === 'Verifier' && source.is(call.first - 1, 'new') && call.args[1]) {
      const literal = source.literalOf(call.args[1], call.first);
      if (literal) thresholds(source, source.entries(literal.open), issues, '@sigstore/verify', ['tlogThreshold'], ['ctlogThreshold']);
    } else if (low && isVerifierVerify(source, call)) {
      verifierPolicy(source, call, issues);
    }
  }
  return issues;
}

/**
 * `verify(bundle, x)`: x is the options when it is an object literal (or a name assigned one), unknown
 * when it is a name with no visible value that sounds like options (`opts`, `config`: a parameter may hold
 * them), else the artifact's data.
 */
function secondArgument(source: Source, call: Call): Call['args'][number] | 'unknown' | undefined {
  const arg = call.args[1]!;
  if (source.literalOf(arg, call.first)) return arg;
  const only = source.single(arg);
  return only?.kind === 'ident' && /opt|conf|polic|setting|param/i.test(only.text) && source.valueOf(only.text, call.first) === undefined
    ? 'unknown'
    : undefined;
}

function sigstoreOptions(
  source: Source,
  call: Call,
  options: Call['args'][number] | undefined,
  workspace: WorkspaceFacts | undefined,
  issues: AppIssue[],
  name: string,
): void {
  const literal = options ? source.literalOf(options, call.first) : undefined;
  if (options && !literal) return; // options from elsewhere: nothing known
  const entries = literal ? source.entries(literal.open) : [];
  thresholds(source, entries, issues, 'sigstore', ['tlogThreshold'], ['ctLogThreshold']);
  if (entries.some((e) => e.key === undefined)) return; // a spread may hold the identity
  const identity = [entryNamed(entries, 'certificateIdentityURI'), entryNamed(entries, 'certificateIdentityEmail')].find((e) => e && !isBlank(source, e));
  const issuer = entryNamed(entries, 'certificateIssuer');
  const hasIssuer = issuer !== undefined && !isBlank(source, issuer);
  if (identity && hasIssuer) return;
  const range = { start: source.tokens[call.first]!.start, end: source.tokens[call.close]!.end };
  const missing =
    !identity && !hasIssuer
      ? 'neither `certificateIdentityURI`/`certificateIdentityEmail` nor `certificateIssuer`'
      : !identity
        ? 'no `certificateIdentityURI`/`certificateIdentityEmail`'
        : 'no `certificateIssuer`';
  const fix = identityFix(source, call, literal?.open, { identity: !identity, issuer: !hasIssuer }, workspace);
  issues.push({
    kind: 'identity',
    range,
    message: `sigstore \`${name}()\` with ${missing}: ${!identity ? 'a bundle signed by anyone with a Fulcio certificate passes' : 'the identity is not bound to an OIDC issuer, so any issuer that can mint it passes'}. Pin the signer identity and issuer in the options.`,
    severity: 'error',
    identity: `sigstore-js:${name}-without-identity`,
    ...(fix ? { fixes: [fix] } : {}),
  });
}

function identityFix(
  source: Source,
  call: Call,
  open: number | undefined,
  missing: { identity: boolean; issuer: boolean },
  workspace: WorkspaceFacts | undefined,
): Fix | undefined {
  const signer = signerIdentityOrPlaceholder(workspace);
  // sigstore-js compares the identity exactly: a regexp over several refs cannot be written there.
  const value = signer.match === 'exact' ? signer.identity : `<${signer.identity}>`;
  const placeholders = !signer.exact || signer.match !== 'exact';
  const entries = [
    ...(missing.identity ? [`certificateIdentityURI: ${jsString(value)}`] : []),
    ...(missing.issuer ? [`certificateIssuer: ${jsString(signer.issuer)}`] : []),
  ];
  const needsIssuerPlaceholder = missing.issuer && signer.issuer.startsWith('<');
  const needsInput = (missing.identity && placeholders) || needsIssuerPlaceholder;
  let edit;
  if (open !== undefined) edit = insertEntries(source, open, entries);
  else if (call.args.length === 0) return undefined;
  else {
    const at = source.tokens[call.args[call.args.length - 1]!.to - 1]!.end;
    edit = { range: { start: at, end: at }, newText: `, { ${entries.join(', ')} }` };
  }
  return {
    title: `Require the signer identity and issuer${needsInput ? ' (fill in the placeholders)' : ''}`,
    edits: [edit],
    safety: 'review',
    pinsIdentity: true,
    ...(needsInput ? { needsInput: true, note: `Fill in ${signer.missing.join(', ') || 'the signer identity'}.` } : {}),
  };
}

function thresholds(
  source: Source,
  entries: readonly Entry[],
  issues: AppIssue[],
  library: string,
  tlogKeys: readonly string[],
  ctKeys: readonly string[],
): void {
  for (const entry of entries) {
    if (entry.key === undefined || source.spanText(entry.value) !== '0') continue;
    const tlog = tlogKeys.includes(entry.key);
    if (!tlog && !ctKeys.includes(entry.key)) continue;
    issues.push({
      kind: tlog ? 'tlog' : 'sct',
      range: source.range(entry),
      message: tlog
        ? `\`${entry.key}: 0\` accepts bundles with no transparency-log entry: signatures nobody can audit pass, and nothing proves the certificate was used while valid. Remove it (the default requires one).`
        : `\`${entry.key}: 0\` accepts certificates without a signed certificate timestamp: a mis-issued Fulcio certificate need not appear in the CT log. Remove it (the default requires one).`,
      severity: tlog ? 'error' : 'warning',
      identity: `${library}:${entry.key}-0`,
      fixes: [{ title: `Remove ${entry.key}: 0`, edits: [removeEntry(source, entry)], safety: 'safe' }],
    });
  }
}

function verifierPolicy(source: Source, call: Call, issues: AppIssue[]): void {
  const range = { start: source.tokens[call.first]!.start, end: source.tokens[call.close]!.end };
  const policy = call.args[1];
  const literal = policy ? source.literalOf(policy, call.first) : undefined;
  if (policy && !literal) return;
  const entries = literal ? source.entries(literal.open) : [];
  if (entries.some((e) => e.key === undefined)) return;
  const san = entryNamed(entries, 'subjectAlternativeName');
  if (!san || isBlank(source, san)) {
    issues.push({
      kind: 'identity',
      range,
      message: `\`Verifier#verify\` ${policy ? 'with a policy that has no `subjectAlternativeName`' : 'without a policy'}: ${policy ? 'an issuer alone does not say who signed, so' : ''} any signer with a Fulcio certificate passes. Add \`subjectAlternativeName\` (the signer identity) and \`extensions: { issuer }\`.`,
      severity: 'error',
      identity: '@sigstore/verify:verify-without-identity',
    });
    return;
  }
  const value = source.single(san.value);
  if (value?.kind === 'regexp' && value.value !== undefined) {
    const verdict = analyzeIdentityRegexp(value.value);
    if (verdict) {
      issues.push({
        kind: 'regexp',
        range: source.range(san.value),
        message: `\`subjectAlternativeName: ${value.text.slice(0, 80)}\`: ${verdict.detail.replace('cosign matches', 'RegExp#test matches')}.`,
        severity: verdict.severity,
        identity: `@sigstore/verify:san-regexp-${verdict.problem}`,
      });
    }
  }
  const extensions = entryNamed(entries, 'extensions');
  const extensionsLiteral = extensions ? source.literalOf(extensions.value, call.first) : undefined;
  if (extensions && !extensionsLiteral) return;
  const extensionEntries = extensionsLiteral ? source.entries(extensionsLiteral.open) : [];
  if (extensionEntries.some((e) => e.key === undefined) || entryNamed(extensionEntries, 'issuer')) return;
  issues.push({
    kind: 'identity',
    range,
    message:
      '`Verifier#verify` with a `subjectAlternativeName` but no `extensions: { issuer }`: the identity is not bound to an OIDC issuer, so any issuer that can mint it passes. Add the issuer.',
    severity: 'warning',
    identity: '@sigstore/verify:verify-without-issuer',
  });
}

/** `verifier.verify(entity[, policy])` on a `Verifier` (the receiver was made by `new Verifier` or is named one). */
function isVerifierVerify(source: Source, call: Call): boolean {
  if (call.callee.length < 2 || call.callee[call.callee.length - 1] !== 'verify' || call.args.length === 0 || call.args.length > 2) return false;
  const receiver = call.callee[call.callee.length - 2]!;
  if (/verifier$/i.test(receiver)) return true;
  const value = source.valueOf(receiver, call.first);
  return value !== undefined && source.is(value, 'new') && source.is(value + 1, 'Verifier');
}

function isBlank(source: Source, entry: Entry): boolean {
  const only = source.single(entry.value);
  if (only?.kind === 'string') return (only.value ?? '') === '';
  return only?.text === 'undefined' || only?.text === 'null';
}

function importedName(call: Call, imports: Imports | undefined): string | undefined {
  if (!imports) return undefined;
  if (call.callee.length === 1) return imports.named.get(call.callee[0]!);
  if (call.callee.length === 2 && imports.namespaces.has(call.callee[0]!)) return call.callee[1];
  return undefined;
}

/** The imports of `sigstore` and `@sigstore/verify`: ES imports and `require` (plain or destructured). */
function importsOf(source: Source): Map<string, Imports> {
  const result = new Map<string, Imports>();
  const { tokens } = source;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'string' || (token.value !== SIGSTORE && token.value !== SIGSTORE_VERIFY)) continue;
    const imports = result.get(token.value) ?? { namespaces: new Set<string>(), named: new Map<string, string>() };
    result.set(token.value, imports);
    if (source.is(i - 1, 'from')) {
      let j = i - 2;
      while (j >= 0 && !source.is(j, 'import') && i - j < 400) j--;
      bindings(source, j + 1, i - 1, imports, 'as');
    } else if (source.is(i - 1, '(') && (source.is(i - 2, 'require') || source.is(i - 2, 'import'))) {
      let j = i - 3;
      if (source.is(j, 'await')) j--;
      if (source.is(j, '=')) {
        if (tokens[j - 1]?.kind === 'ident') imports.namespaces.add(tokens[j - 1]!.text);
        else if (source.is(j - 1, '}')) {
          let k = j - 1;
          while (k >= 0 && !source.is(k, '{') && j - k < 400) k--;
          bindings(source, k, j, imports, ':');
        }
      }
    }
  }
  return result;
}

/** `Default, * as ns, { a, b as c }` (ES) or `{ a, b: c }` (destructuring) between tokens `from` and `to`. */
function bindings(source: Source, from: number, to: number, imports: Imports, rename: string): void {
  const { tokens } = source;
  let braces = false;
  for (let j = from; j < to; j++) {
    const t = tokens[j]!;
    if (source.is(j, '{')) braces = true;
    else if (source.is(j, '}')) braces = false;
    else if (source.is(j, '*') && source.is(j + 1, 'as') && tokens[j + 2]?.kind === 'ident') {
      imports.namespaces.add(tokens[j + 2]!.text);
      j += 2;
    } else if (t.kind === 'ident' && t.text !== 'type' && t.text !== 'import') {
      if (!braces) imports.namespaces.add(t.text);
      else if (source.is(j + 1, rename) && tokens[j + 2]?.kind === 'ident') {
        imports.named.set(tokens[j + 2]!.text, t.text);
        j += 2;
      } else imports.named.set(t.text, t.text);
    }
  }
}
