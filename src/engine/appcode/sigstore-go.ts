import { analyzeIdentityRegexp, analyzeIssuerRegexp } from '../cosign/identity-regexp';
import { entryNamed, removeEntry, type AppIssue } from './issues';
import type { Call, Entry, Source, Span } from './syntax';

/** sigstore-go (`github.com/sigstore/sigstore-go/pkg/verify`) and cosign's Go API (`cosign.CheckOpts`). */

const SIGSTORE_GO_VERIFY = /^github\.com\/sigstore\/sigstore-go\/pkg\/verify$/;
const COSIGN_PKG = /^github\.com\/sigstore\/cosign(?:\/v\d+)?\/pkg\/cosign$/;

const TLOG_THRESHOLDS = new Set(['WithTransparencyLog', 'WithIntegratedTimestamps', 'WithObserverTimestamps']);

export function goIssues(source: Source): AppIssue[] {
  const verifyPkg = importName(source, SIGSTORE_GO_VERIFY, 'verify');
  const cosignPkg = importName(source, COSIGN_PKG, 'cosign');
  const issues: AppIssue[] = [];
  if (verifyPkg) {
    for (const call of source.calls()) {
      if (call.callee.length === 2 && call.callee[0] === verifyPkg) sigstoreGoCall(source, call, issues);
    }
  }
  if (cosignPkg) checkOpts(source, cosignPkg, issues);
  return issues;
}

function sigstoreGoCall(source: Source, call: Call, issues: AppIssue[]): void {
  const name = call.callee[1]!;
  const range = { start: source.tokens[call.first]!.start, end: source.tokens[call.close]!.end };
  if (name === 'WithoutIdentitiesUnsafe') {
    issues.push({
      kind: 'identity',
      range,
      message:
        "`verify.WithoutIdentitiesUnsafe()` accepts a signature from any signer with a Fulcio certificate. Pass `verify.WithCertificateIdentity(…)` with the signer's SAN and issuer.",
      severity: 'error',
      identity: 'sigstore-go:without-identities',
    });
  } else if (name === 'WithoutAnyObserverTimestampsUnsafe') {
    issues.push({
      kind: 'tlog',
      range,
      message:
        '`verify.WithoutAnyObserverTimestampsUnsafe()` requires no transparency-log entry or signed timestamp: nothing proves the short-lived certificate was used while valid, and nobody can audit the signature. Use `verify.WithTransparencyLog(1)` (or signed timestamps).',
      severity: 'error',
      identity: 'sigstore-go:without-observer-timestamps',
    });
  } else if ((TLOG_THRESHOLDS.has(name) || name === 'WithSignedCertificateTimestamps') && call.args.length === 1 && source.spanText(call.args[0]!) === '0') {
    const tlog = name !== 'WithSignedCertificateTimestamps';
    const zero = source.range(call.args[0]!);
    issues.push({
      kind: tlog ? 'tlog' : 'sct',
      range,
      message: tlog
        ? `\`verify.${name}(0)\` requires no ${name === 'WithTransparencyLog' ? 'transparency-log entry' : 'timestamp'}: a threshold of 0 turns the check off. Require at least 1.`
        : '`verify.WithSignedCertificateTimestamps(0)` requires no signed certificate timestamp: a mis-issued Fulcio certificate need not appear in the CT log. Require at least 1.',
      severity: tlog ? 'error' : 'warning',
      identity: `sigstore-go:${name}-0`,
      fixes: [{ title: `Require 1 in ${name}`, edits: [{ range: zero, newText: '1' }], safety: 'safe' }],
    });
  } else if (name === 'NewShortCertificateIdentity' && call.args.length === 4) {
    matcher(source, call.args[0]!, call.args[1]!, 'issuer', issues, name);
    matcher(source, call.args[2]!, call.args[3]!, 'san', issues, name);
  } else if ((name === 'NewSANMatcher' || name === 'NewIssuerMatcher') && call.args.length === 2) {
    matcher(source, call.args[0]!, call.args[1]!, name === 'NewSANMatcher' ? 'san' : 'issuer', issues, name);
  }
}

/** A (value, regexp) pair of string literals: both empty leaves it open; a regexp is analysed like cosign's flags. */
function matcher(source: Source, valueSpan: Span, regexpSpan: Span, what: 'san' | 'issuer', issues: AppIssue[], name: string): void {
  const value = stringValue(source, valueSpan);
  const regexp = stringValue(source, regexpSpan);
  if (value === undefined || regexp === undefined || value !== '') return;
  const label = what === 'san' ? 'SAN (signer identity)' : 'issuer';
  if (regexp === '') {
    const range = { start: source.range(valueSpan).start, end: source.range(regexpSpan).end };
    issues.push({
      kind: 'identity',
      range,
      message: `\`verify.${name}\` with an empty ${label} and an empty regexp: ${what === 'san' ? 'any signer' : 'a token from any OIDC issuer'} passes. Give the exact ${label}.`,
      severity: 'error',
      identity: `sigstore-go:${name}-empty-${what}`,
    });
    return;
  }
  const verdict = what === 'san' ? analyzeIdentityRegexp(regexp) : analyzeIssuerRegexp(regexp);
  if (!verdict) return;
  issues.push({
    kind: 'regexp',
    range: source.range(regexpSpan),
    message: `\`verify.${name}\` ${label} regexp \`${regexp.slice(0, 80)}\`: ${verdict.detail.replace('cosign matches', 'Go matches')}.`,
    severity: verdict.severity,
    identity: `sigstore-go:${name}-${what}-${verdict.problem}`,
  });
}

function checkOpts(source: Source, pkg: string, issues: AppIssue[]): void {
  const { tokens } = source;
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (!(tokens[i]!.text === pkg && tokens[i]!.kind === 'ident' && source.is(i + 1, '.') && source.is(i + 2, 'CheckOpts') && source.is(i + 3, '{'))) continue;
    const entries = source.entries(i + 3);
    for (const [field, kind] of [
      ['IgnoreTlog', 'tlog'],
      ['IgnoreSCT', 'sct'],
    ] as const) {
      const entry = entryNamed(entries, field);
      if (!entry || source.spanText(entry.value) !== 'true') continue;
      issues.push({
        kind,
        range: source.range(entry),
        message:
          kind === 'tlog'
            ? '`IgnoreTlog: true` skips transparency-log verification: signatures nobody can audit pass, and nothing proves the certificate was used while valid. Remove it.'
            : '`IgnoreSCT: true` accepts certificates without a signed certificate timestamp: a mis-issued Fulcio certificate need not appear in the CT log. Remove it.',
        severity: kind === 'tlog' ? 'error' : 'warning',
        identity: `cosign:${field}`,
        fixes: [{ title: `Remove ${field}: true`, edits: [removeEntry(source, entry)], safety: 'safe' }],
      });
    }
    identities(source, i, entries, issues);
  }
}

function identities(source: Source, literalStart: number, entries: readonly Entry[], issues: AppIssue[]): void {
  if (entryNamed(entries, 'SigVerifier')) return; // key-based: KW301's concern, not an identity
  const literal = { start: source.tokens[literalStart]!.start, end: source.tokens[source.close(literalStart + 3)]!.end };
  const field = entryNamed(entries, 'Identities');
  if (!field) {
    if (laterFieldAssignment(source, literalStart)) return;
    issues.push({
      kind: 'identity',
      range: literal,
      message:
        "`cosign.CheckOpts` without `Identities` (and without a `SigVerifier` key): a keyless signature from any signer passes. Set `Identities` to the signer's subject and issuer.",
      severity: 'error',
      identity: 'cosign:checkopts-without-identities',
    });
    return;
  }
  const list = source.literalOf(field.value, literalStart);
  if (source.spanText(field.value) === 'nil' || (list && source.close(list.open) === list.open + 1)) {
    issues.push({
      kind: 'identity',
      range: source.range(field),
      message: "`cosign.CheckOpts` with empty `Identities`: a keyless signature from any signer passes. List the signer's subject and issuer.",
      severity: 'error',
      identity: 'cosign:checkopts-empty-identities',
    });
    return;
  }
  if (!list) return;
  for (const element of source.split(list.open, source.close(list.open))) {
    const identity = source.literalOf(element, literalStart);
    if (!identity) continue;
    const fields = source.entries(identity.open);
    pair(source, fields, 'Subject', 'SubjectRegExp', 'san', issues);
    pair(source, fields, 'Issuer', 'IssuerRegExp', 'issuer', issues);
  }
}

function pair(source: Source, fields: readonly Entry[], exactKey: string, regexpKey: string, what: 'san' | 'issuer', issues: AppIssue[]): void {
  const exact = entryNamed(fields, exactKey);
  const regexp = entryNamed(fields, regexpKey);
  const exactValue = exact ? stringValue(source, exact.value) : '';
  const regexpValue = regexp ? stringValue(source, regexp.value) : '';
  if (exactValue === undefined || regexpValue === undefined || exactValue !== '') return;
  if (regexpValue === '') {
    const element = fields[0] ? source.range({ from: fields[0].from, to: fields[fields.length - 1]!.to }) : undefined;
    if (!element) return;
    issues.push({
      kind: 'identity',
      range: element,
      message: `\`cosign.Identity\` without \`${exactKey}\` or \`${regexpKey}\`: ${what === 'san' ? 'any signer' : 'a token from any OIDC issuer'} passes. Set \`${exactKey}\`.`,
      severity: what === 'san' ? 'error' : 'warning',
      identity: `cosign:identity-without-${what}`,
    });
    return;
  }
  const verdict = what === 'san' ? analyzeIdentityRegexp(regexpValue) : analyzeIssuerRegexp(regexpValue);
  if (!verdict) return;
  issues.push({
    kind: 'regexp',
    range: source.range(regexp!.value),
    message: `\`${regexpKey}: ${JSON.stringify(regexpValue.slice(0, 80))}\`: ${verdict.detail}.`,
    severity: verdict.severity,
    identity: `cosign:${regexpKey}-${verdict.problem}`,
  });
}

/**
 * Whether the options may get their identities later: `co := &cosign.CheckOpts{…}` followed by
 * `co.Identities = …` or `co.SigVerifier = …`, or a literal returned or stored where we cannot follow it.
 */
function laterFieldAssignment(source: Source, literalStart: number): boolean {
  let at = literalStart;
  if (source.is(at - 1, '&')) at--;
  if (source.is(at - 1, '(') || source.is(at - 1, ',')) return false; // passed as it is
  if (!(source.is(at - 1, ':=') || source.is(at - 1, '='))) return true; // returned or stored: filled in elsewhere, perhaps
  const name = source.tokens[at - 2];
  if (name?.kind !== 'ident') return true; // assigned to something we cannot follow: do not guess
  const { tokens } = source;
  for (let j = at; j + 3 < tokens.length; j++) {
    if (
      tokens[j]!.text === name.text &&
      tokens[j]!.kind === 'ident' &&
      source.is(j + 1, '.') &&
      /^(Identities|SigVerifier)$/.test(tokens[j + 2]!.text) &&
      source.is(j + 3, '=')
    )
      return true;
  }
  return false;
}

function stringValue(source: Source, span: Span): string | undefined {
  const only = source.single(span);
  return only?.kind === 'string' ? only.value : undefined;
}

/** The name a Go file uses for an imported package: its alias, or the path's last element. */
function importName(source: Source, path: RegExp, base: string): string | undefined {
  const { tokens } = source;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'string' || !path.test(token.value ?? '')) continue;
    const alias = tokens[i - 1];
    if (alias?.kind === 'ident' && alias.text !== 'import') return alias.text === '_' ? undefined : alias.text;
    if (alias && alias.kind === 'punct' && alias.text === '.') return undefined;
    return base;
  }
  return undefined;
}
