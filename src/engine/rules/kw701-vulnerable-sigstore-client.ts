import { assessPin, isReportable } from '../advisories/assess';
import { findPins, PIN_ANCHORS, readsPinsCaseInsensitively } from '../advisories/pins';
import { assessmentFix, assessmentMessage, findingSeverity } from '../advisories/report';
import type { RawFinding } from '../types';
import type { Rule } from './rule';

const MAX_FINDINGS_PER_FILE = 500;

export const vulnerableSigstoreClient: Rule = {
  meta: {
    id: 'KW701',
    name: 'vulnerable-sigstore-client',
    title: 'A pinned Sigstore client or service version has known security advisories',
    severity: 'error',
    threats: ['T4'],
    kind: 'advisory',
    summary:
      'A manifest, lockfile, workflow, Dockerfile or script pins a version of cosign, sigstore-js, sigstore-go, sigstore-python, sigstore-java, rekor, fulcio, timestamp-authority, policy-controller or gitsign that published advisories affect: an outdated verifier can be tricked into accepting a forged signature or taken down by a crafted artifact.',
    docs: `
**Risk (T4, vulnerable clients).** Verification is only as good as the verifier. Several Sigstore clients had advisories where a forged or mismatched bundle, attestation or certificate chain still verified, or where a crafted artifact exhausted memory. Pins are written once and rarely revisited.

Keyward matches every pin against an advisory dataset it ships (no network): the GitHub advisory ids, CVE ids, affected ranges and first fixed versions. Severity follows the worst advisory: critical/high → error, medium or unrated → warning, low → information.

**Where pins are found:** \`package.json\` (exact versions; ranges only when every version they allow is affected), \`package-lock.json\` / \`npm-shrinkwrap.json\` (every nested copy), \`yarn.lock\`, \`pnpm-lock.yaml\`, \`go.mod\` (per major module path: \`github.com/sigstore/cosign/v2\` is matched against v2 ranges), \`requirements*.txt\`, \`pyproject.toml\`, \`poetry.lock\`, \`Pipfile.lock\`, \`pom.xml\` (incl. \`\${property}\` versions), Gradle files (\`dev.sigstore:sigstore-java\`), \`sigstore/cosign-installer\` steps (\`cosign-release:\` or the cosign the installer tag installs by default), cosign release downloads, \`go install …/cmd/cosign@vX\`, cosign and policy-controller images, \`COSIGN_VERSION=vX\`, Helm values with a policy-controller image tag.

\`\`\`yaml
- uses: sigstore/cosign-installer@v3.1.1        # error: installs cosign v2.2.2 by default
  with:
    cosign-release: v2.2.0                     # or this, when set
\`\`\`

**Fix: Update to the fixing version.** The message names each advisory and the lowest version that fixes all of them. For manifests the quick fix rewrites the version (safe for an exact pin on the same major version, a review otherwise). Lockfiles are never edited by hand: the message gives the command that regenerates them (\`npm install sigstore@4.1.1\`, \`go get …\`, \`poetry update sigstore\`). A Go module with no fixed release on its major path (cosign v2 for GHSA-wfqv-66vq-46rm) says which path fixes it.

The dataset is dated (see the README section "Vulnerable Sigstore clients" for its date and how to refresh it).
`,
    fixes: [{ kind: 'update', label: 'Update to the fixing version', safety: 'safe-or-review', title: /^Update .+ to .+$/ }],
  },
  gate: { anchors: PIN_ANCHORS, path: readsPinsCaseInsensitively },
  check(file) {
    if (file.text === undefined) return [];
    const text = file.text;
    const findings: RawFinding[] = [];
    for (const pin of findPins(file.path, text)) {
      const a = assessPin(pin);
      if (!isReportable(a)) continue;
      // Real manifests hold a handful of Sigstore pins; a generated file with thousands gets the first ones.
      if (findings.length >= MAX_FINDINGS_PER_FILE) break;
      const fix = assessmentFix(a, text);
      findings.push({
        ruleId: 'KW701',
        range: pin.range,
        message: assessmentMessage(a),
        severity: findingSeverity(a.severity),
        carrier: 'text',
        identity: `${pin.package}@${pin.version}:${pin.kind}:${pin.label}`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return findings;
  },
};
