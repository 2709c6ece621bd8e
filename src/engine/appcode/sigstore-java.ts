import type { AppIssue } from './issues';
import type { Source } from './syntax';

/**
 * sigstore-java (`dev.sigstore`): `VerificationOptions` with no certificate matcher, and
 * `CertificateMatcher.fulcio()` builders that never name the subject alternative name or the issuer.
 */

interface Chain {
  /** Token index of the receiver (`VerificationOptions`). */
  readonly first: number;
  /** Method names in call order: `['builder', 'addCertificateMatchers', 'build']`. */
  readonly methods: readonly string[];
  /** Token index of the last `)`. */
  readonly end: number;
}

/** `Type.m1(…).m2(…)…` starting at token `first` (a bounded walk along the chain). */
function chainAt(source: Source, first: number): Chain {
  const methods: string[] = [];
  let j = first + 1;
  let end = first;
  while (source.is(j, '.') && source.tokens[j + 1]?.kind === 'ident' && source.is(j + 2, '(') && methods.length < 64) {
    methods.push(source.tokens[j + 1]!.text);
    end = source.close(j + 2);
    j = end + 1;
  }
  return { first, methods, end };
}

export function javaIssues(source: Source): AppIssue[] {
  const issues: AppIssue[] = [];
  const { tokens } = source;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'ident' || (token.text !== 'VerificationOptions' && token.text !== 'CertificateMatcher')) continue;
    if (source.is(i - 1, '.') && tokens[i - 2]?.text !== 'sigstore') continue; // another package's class of that name
    const chain = chainAt(source, i);
    if (chain.methods.length === 0) continue;
    const range = { start: token.start, end: tokens[chain.end]!.end };
    const [head] = chain.methods;
    const built = chain.methods[chain.methods.length - 1] === 'build';
    if (token.text === 'VerificationOptions') {
      if (head === 'empty' && chain.methods.length === 1) {
        issues.push({
          kind: 'identity',
          range,
          message:
            '`VerificationOptions.empty()` has no certificate matcher: a bundle signed by anyone with a Fulcio certificate passes. Add `addCertificateMatchers(CertificateMatcher.fulcio().subjectAlternativeName(…).issuer(…).build())`.',
          severity: 'error',
          identity: 'sigstore-java:empty-options',
        });
      } else if (
        head === 'builder' &&
        built &&
        !chain.methods.some((m) => m === 'addCertificateMatchers' || m === 'certificateMatchers' || m === 'addAllCertificateMatchers')
      ) {
        issues.push({
          kind: 'identity',
          range,
          message:
            '`VerificationOptions` built without a certificate matcher: a bundle signed by anyone with a Fulcio certificate passes. Add `addCertificateMatchers(…)`.',
          severity: 'error',
          identity: 'sigstore-java:options-without-matchers',
        });
      }
    } else if (head === 'fulcio' && built) {
      if (!chain.methods.includes('subjectAlternativeName')) {
        issues.push({
          kind: 'identity',
          range,
          message:
            '`CertificateMatcher.fulcio()` without `subjectAlternativeName`: an issuer alone does not say who signed, so any signer passes. Add `.subjectAlternativeName(StringMatcher.string(…))`.',
          severity: 'error',
          identity: 'sigstore-java:matcher-without-san',
        });
      } else if (!chain.methods.includes('issuer')) {
        issues.push({
          kind: 'identity',
          range,
          message:
            '`CertificateMatcher.fulcio()` without `issuer`: the identity is not bound to an OIDC issuer, so any issuer that can mint it passes. Add `.issuer(StringMatcher.string(…))`.',
          severity: 'warning',
          identity: 'sigstore-java:matcher-without-issuer',
        });
      }
    }
  }
  return issues;
}
