import { COSIGN_ANCHORS } from '../cosign/view';
import { tightenIdentityFix } from '../fixes/cosign-fixes';
import { analyzeIdentityRegexp } from '../cosign/identity-regexp';
import { regexpFlagFindings } from './helpers/cosign-regexp-flag-findings';
import type { Rule } from './rule';

export const wildcardIdentityRegexp: Rule = {
  meta: {
    id: 'KW303',
    name: 'wildcard-identity-regexp',
    title: 'Certificate identity regexp matches too much',
    severity: 'error',
    threats: ['T1', 'T3'],
    kind: 'config',
    summary:
      "A `--certificate-identity-regexp` that is `.*`, lacks `^`/`$`, or has wildcards for the owner or repository lets signatures from other people's workflows pass verification.",
    docs: `
**Risk (T1, Fulcio; T3, OIDC providers).** cosign matches the regexp with Go's \`MatchString\`, which finds a *substring*: without \`^\` any identity that contains the pattern passes; without \`$\`, \`^https://github.com/acme\` also matches \`https://github.com/acme-attacker/…\`. Wildcards for the owner (\`https://github.com/.+/.+/…\`) accept every GitHub workflow on earth.

| Regexp | Severity |
|---|---|
| \`.*\`, \`.+\`, empty | error: matches everything |
| no leading \`^\` | error: substring match |
| wildcard host or owner | error: anyone's repository |
| no trailing \`$\` (prefix), wildcard repository or workflow path | warning |
| unescaped \`.\` in a literal part (\`github.com\`) | information |
| longer than 4,096 characters | error: not analysed, so it cannot be shown to pin a signer |

Each top-level alternative is judged on its own anchors, because Go's \`|\` binds loosest: \`^https://github\\.com/acme/app/.*$|acme-evil.*$\` accepts any identity containing \`acme-evil\` (the second alternative has no \`^\`). A group spanning the whole regexp (\`^(?:a|b)$\`) is split the same way.

Wildcards after \`@\` (the ref, e.g. \`@refs/tags/v.*$\`) are accepted. Also matched: \`COSIGN_CERTIFICATE_IDENTITY_REGEXP\`.

**Fixes.** When the regexp names one identity and only lacks anchors or escapes, **Anchor the identity regexp** rewrites it as \`^…$\` with escaped dots (safe). Otherwise **Require the exact signer identity** replaces it with \`--certificate-identity=…\` inferred from the workspace (or a \`<…>\` placeholder); for tag releases prefer \`^https://github\\.com/OWNER/REPO/\\.github/workflows/FILE\\.yml@refs/tags/v[0-9]+\\.[0-9]+\\.[0-9]+$\`.
`,
    fixes: [
      { kind: 'anchor-regexp', label: 'Anchor the regexp', safety: 'safe', title: /^Anchor the identity regexp \(\^…\$\) and escape its dots$/ },
      {
        kind: 'exact-identity',
        label: 'Require the signer identity',
        safety: 'review',
        migration: true,
        title: /^(Require the exact signer identity( \(fill in the placeholder\))?|Require the signing workflow's identity on the refs it runs on)$/,
      },
    ],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    return regexpFlagFindings(file, {
      ruleId: 'KW303',
      flag: 'certificate-identity-regexp',
      identityKind: 'identity-regexp',
      noun: 'certificate identity',
      remedy: 'Require the exact signer identity.',
      analyze: analyzeIdentityRegexp,
      fix: tightenIdentityFix,
    });
  },
};
