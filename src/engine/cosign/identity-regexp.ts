import { SEVERITY_RANK, type Severity } from '../types';
import { enclosingGroupBody, isWildcard, topLevelBranches } from './regexp-syntax';

/**
 * How much an identity or issuer regexp lets through. cosign uses Go's `regexp.MatchString`, which
 * matches a SUBSTRING: without `^`…`$` a regexp accepts every identity that merely contains a match.
 */
export interface RegexpVerdict {
  readonly problem: RegexpProblem;
  readonly severity: Severity;
  /** One sentence for the finding message. */
  readonly detail: string;
}

export type RegexpProblem =
  | 'match-all'
  | 'unanchored'
  | 'wildcard-host'
  | 'wildcard-owner'
  | 'wildcard-repository'
  | 'wildcard-path'
  | 'prefix'
  | 'wildcard-user'
  | 'wildcard-issuer'
  | 'unescaped-dot'
  | 'too-long';

const FLAGS_PREFIX = /^\(\?[a-zA-Z]+\)/;
const MATCH_ALL = /^(?:\(?(?:\.|\[\\s\\S\]|\[\^\])[*+]\??\)?)*$/;

/**
 * Longer patterns are not analysed: no real identity or issuer regexp comes near, and one that does
 * cannot be shown to pin a signer, so it is reported (as an error: a policy nobody can read should not
 * pass a gate that an unanchored one fails).
 */
export const MAX_ANALYSED_REGEXP = 4096;

/** Enclosing groups unwrapped when looking for alternatives (`^(?:(a|b))$`); deeper ones are analysed whole. */
const MAX_UNWRAP = 4;

interface Parts {
  /** The alternative as written (for messages). */
  readonly source: string;
  readonly flags: string;
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
  readonly body: string;
}

function parts(regexp: string): Parts {
  const flags = FLAGS_PREFIX.exec(regexp)?.[0] ?? '';
  let body = regexp.slice(flags.length);
  const anchoredStart = body.startsWith('^') || body.startsWith('\\A');
  if (anchoredStart) body = body.slice(body.startsWith('^') ? 1 : 2);
  const anchoredEnd = (body.endsWith('$') && !body.endsWith('\\$')) || body.endsWith('\\z');
  if (anchoredEnd) body = body.slice(0, body.endsWith('$') ? -1 : -2);
  return { source: regexp, flags, anchoredStart, anchoredEnd, body };
}

/**
 * Every alternative with its own anchors. Go's `|` binds loosest, so `^a$|evil` is `^a$` OR `evil`,
 * and the unanchored `evil` lets through any identity containing it; `^(?:a|b)$` is `^a$` OR `^b$`.
 */
function alternatives(regexp: string): Parts[] {
  const flags = FLAGS_PREFIX.exec(regexp)?.[0] ?? '';
  const out: Parts[] = [];
  const visit = (pattern: string, outerStart: boolean, outerEnd: boolean, depth: number): void => {
    for (const branch of topLevelBranches(pattern)) {
      const own = parts(branch);
      const anchoredStart = outerStart || own.anchoredStart;
      const anchoredEnd = outerEnd || own.anchoredEnd;
      const inner = depth < MAX_UNWRAP ? enclosingGroupBody(own.body) : undefined;
      if (inner !== undefined) visit(inner, anchoredStart, anchoredEnd, depth + 1);
      else out.push({ source: branch, flags, anchoredStart, anchoredEnd, body: own.body });
    }
  };
  visit(regexp.slice(flags.length), false, false, 0);
  return out;
}

/** The most severe verdict over the alternatives; with several, the message names the one it is about. */
function worstAlternative(regexp: string, judge: (alternative: Parts) => RegexpVerdict | undefined): RegexpVerdict | undefined {
  const all = alternatives(regexp);
  let worst: { verdict: RegexpVerdict; alternative: Parts } | undefined;
  for (const alternative of all) {
    const verdict = judge(alternative);
    if (verdict && (!worst || SEVERITY_RANK[verdict.severity] < SEVERITY_RANK[worst.verdict.severity])) worst = { verdict, alternative };
  }
  if (!worst || all.length === 1) return worst?.verdict;
  const shown = worst.alternative.source.length > 60 ? `${worst.alternative.source.slice(0, 57)}…` : worst.alternative.source;
  return { ...worst.verdict, detail: `${shown === '' ? 'in its empty alternative' : `in the alternative \`${shown}\``}, ${worst.verdict.detail}` };
}

function tooLong(regexp: string, noun: string): RegexpVerdict | undefined {
  if (regexp.length <= MAX_ANALYSED_REGEXP) return undefined;
  return {
    problem: 'too-long',
    severity: 'error',
    detail: `it is ${regexp.length} characters long, more than the ${MAX_ANALYSED_REGEXP} Keyward analyses, so it cannot be shown to pin one ${noun}; write the exact value instead`,
  };
}

/** Splits on `/` outside character classes and groups. */
function pathSegments(body: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const { text, outsideClass } of regexpTokens(body)) {
    if (outsideClass && text === '(') depth++;
    else if (outsideClass && text === ')') depth--;
    else if (outsideClass && text === '/' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += text;
  }
  out.push(current);
  return out;
}

/** Dots that match any character where a literal dot was meant (`github.com`, `release.yml`). */
function hasUnescapedDot(body: string): boolean {
  return escapeLiteralDots(body) !== body;
}

/** `github.com` → `github\.com`; leaves `.*`, `.+`, escaped dots and character classes alone. */
export function escapeLiteralDots(body: string): string {
  let out = '';
  for (const { text, outsideClass, next } of regexpTokens(body)) out += outsideClass && text === '.' && !/[*+?{]/.test(next) ? '\\.' : text;
  return out;
}

/**
 * A regexp body token by token: an escape (`\x`, kept whole) or one character, with whether it stands
 * outside a character class (`[` opens one and is itself outside; `]` closes it and is inside) and the
 * character after it.
 */
function* regexpTokens(body: string): Generator<{ text: string; outsideClass: boolean; next: string }> {
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      yield { text: c + (body[i + 1] ?? ''), outsideClass: false, next: body[i + 2] ?? '' };
      i++;
      continue;
    }
    const outsideClass = !inClass;
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    yield { text: c, outsideClass, next: body[i + 1] ?? '' };
  }
}

/** The problem with a `--certificate-identity-regexp`, or undefined when it pins one signer (or one release ref pattern). */
export function analyzeIdentityRegexp(regexp: string): RegexpVerdict | undefined {
  return tooLong(regexp, 'signer') ?? worstAlternative(regexp, identityVerdict);
}

function identityVerdict({ anchoredStart, anchoredEnd, body }: Parts): RegexpVerdict | undefined {
  if (MATCH_ALL.test(body)) return { problem: 'match-all', severity: 'error', detail: 'it matches every identity, so any Fulcio certificate passes' };
  if (!anchoredStart)
    return { problem: 'unanchored', severity: 'error', detail: 'it has no `^`, and cosign matches a substring: any identity that merely contains it passes' };
  const normalized = body.replace(/\\\//g, '/');
  if (/^https?\??:\/\//.test(normalized)) {
    const segments = pathSegments(normalized);
    // ['https:', '', host, owner, repository, …path@ref]
    const host = segments[2] ?? '';
    const owner = segments[3];
    const repository = segments[4];
    const at = segments.findIndex((s) => s.includes('@'));
    const beforeRef = (at < 0 ? segments : segments.slice(0, at + 1).map((s, i) => (i === at ? s.slice(0, s.indexOf('@')) : s))).slice(5);
    if (isWildcard(host)) return { problem: 'wildcard-host', severity: 'error', detail: 'its host part is a wildcard' };
    if (owner === undefined || isWildcard(owner))
      return { problem: 'wildcard-owner', severity: 'error', detail: "its owner part is a wildcard: a workflow in anyone's repository passes" };
    if (!anchoredEnd) {
      return {
        problem: 'prefix',
        severity: 'warning',
        detail: `it has no \`$\`, so it is a prefix: \`${body.slice(0, 60)}\` also matches longer identities (another repository or owner whose name starts the same)`,
      };
    }
    if (repository === undefined || isWildcard(repository))
      return { problem: 'wildcard-repository', severity: 'warning', detail: 'its repository part is a wildcard: any repository of the owner passes' };
    if (beforeRef.some(isWildcard))
      return { problem: 'wildcard-path', severity: 'warning', detail: 'its workflow path is a wildcard: any workflow of the repository passes' };
  } else if (body.includes('@')) {
    const user = body.slice(0, body.lastIndexOf('@'));
    if (!anchoredEnd) return { problem: 'prefix', severity: 'warning', detail: 'it has no `$`, so it is a prefix that also matches longer identities' };
    if (isWildcard(user)) return { problem: 'wildcard-user', severity: 'warning', detail: 'its user part is a wildcard: any account of that domain passes' };
  } else if (!anchoredEnd) {
    return { problem: 'prefix', severity: 'warning', detail: 'it has no `$`, so it is a prefix that also matches longer identities' };
  }
  if (hasUnescapedDot(body)) return { problem: 'unescaped-dot', severity: 'information', detail: 'an unescaped `.` matches any character (write `\\.`)' };
  return undefined;
}

/** The problem with a `--certificate-oidc-issuer-regexp`. Issuers are a handful of fixed URLs: pin one. */
export function analyzeIssuerRegexp(regexp: string): RegexpVerdict | undefined {
  return tooLong(regexp, 'issuer') ?? worstAlternative(regexp, issuerVerdict);
}

function issuerVerdict({ anchoredStart, anchoredEnd, body }: Parts): RegexpVerdict | undefined {
  if (MATCH_ALL.test(body))
    return { problem: 'match-all', severity: 'error', detail: 'it matches every issuer, so a token from any Fulcio-federated provider passes' };
  if (!anchoredStart || !anchoredEnd)
    return {
      problem: 'unanchored',
      severity: 'error',
      detail: 'it is not anchored with `^…$`, and cosign matches a substring: other issuers containing it pass',
    };
  if (isWildcard(body)) return { problem: 'wildcard-issuer', severity: 'warning', detail: 'it contains a wildcard: more than one issuer passes' };
  if (hasUnescapedDot(body)) return { problem: 'unescaped-dot', severity: 'information', detail: 'an unescaped `.` matches any character (write `\\.`)' };
  return undefined;
}

/**
 * When the regexp names one exact identity and only lacks anchors or escapes (`https://github.com/o/r/
 * .github/workflows/release.yml@refs/heads/main`), the same regexp made exact; otherwise undefined.
 */
export function anchoredIdentityRegexp(regexp: string): string | undefined {
  if (regexp.length > MAX_ANALYSED_REGEXP) return undefined;
  const { flags, body } = parts(regexp);
  if (topLevelBranches(body).length > 1) return undefined;
  const at = body.indexOf('@');
  if (at < 0 || isWildcard(body.slice(0, at))) return undefined;
  const complete = /@refs\//.test(body) || (!body.includes('://') && /^[^@]+@[^@]+$/.test(body));
  if (!complete) return undefined;
  const anchored = `${flags}^${escapeLiteralDots(body)}$`;
  return analyzeIdentityRegexp(anchored) === undefined ? anchored : undefined;
}

/** The issuer a regexp evidently means (`token.actions.githubusercontent.com` …), if it names one. */
export function issuerNamedBy(regexp: string): string | undefined {
  const plain = regexp.replace(/\\\./g, '.');
  if (plain.includes('token.actions.githubusercontent.com')) return 'https://token.actions.githubusercontent.com';
  if (plain.includes('gitlab.com')) return 'https://gitlab.com';
  if (plain.includes('accounts.google.com')) return 'https://accounts.google.com';
  if (plain.includes('oauth2.sigstore.dev')) return 'https://oauth2.sigstore.dev/auth';
  return undefined;
}

/** Escapes a literal string for use in a Go regexp. */
export function escapeRegexp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
