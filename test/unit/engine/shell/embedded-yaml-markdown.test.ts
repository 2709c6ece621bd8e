import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedSigning } from '../../../../src/engine/rules/kw201-key-based-signing';
import { tlogUploadDisabled } from '../../../../src/engine/rules/kw205-tlog-upload-disabled';
import { verifyWithoutIdentity } from '../../../../src/engine/rules/kw302-verify-without-identity';
import { policyKeyAuthority } from '../../../../src/engine/rules/kw501-policy-key-authority';
import { policyKeylessWithoutIdentity } from '../../../../src/engine/rules/kw502-policy-keyless-without-identity';
import { policyStaticPass } from '../../../../src/engine/rules/kw504-policy-static-pass';
import { kyvernoIgnoreTlog } from '../../../../src/engine/rules/kw512-kyverno-ignore-tlog';
import { applyEdits } from '../../../../src/engine/shell/edits';
import { editsStayInside, markdownYaml } from '../../../../src/engine/yaml/embedded';
import { covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

/** Policies, workflows and Kubernetes manifests shown in fenced `yaml` blocks of Markdown files. */

const README = 'docs/admission.md';
const policy = (indent: string): string =>
  [
    'apiVersion: policy.sigstore.dev/v1beta1',
    'kind: ClusterImagePolicy',
    'metadata:',
    '  name: demo',
    'spec:',
    '  authorities:',
    '    - key:',
    '        data: |',
    '          -----BEGIN PUBLIC KEY-----',
    '          MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
    '          -----END PUBLIC KEY-----',
    '',
  ]
    .map((l) => (l === '' ? l : indent + l))
    .join('\n');

test('a ClusterImagePolicy in a yaml fence: same finding as the file, information only, range on the Markdown line', () => {
  const text = `# Admission\n\nApply this policy (kind: ClusterImagePolicy):\n\n\`\`\`yaml\n${policy('')}\`\`\`\n\nThen sign.\n`;
  const finding = only(policyKeyAuthority, README, text);
  assert.equal(finding.severity, 'information');
  assert.equal(covered(text, finding), 'key');
  assert.equal(finding.startPosition.line, 11);
  // The fix edits only the fence's lines: applied to the Markdown, the prose around it is unchanged.
  const fix = finding.fixes?.[0];
  assert.ok(fix, 'the fix maps cleanly into the fence, so it is offered');
  const fixed = applyEdits(text, fix.edits);
  assert.ok(fixed.startsWith('# Admission\n\nApply this policy (kind: ClusterImagePolicy):\n\n```yaml\n'));
  assert.ok(fixed.endsWith('```\n\nThen sign.\n'));
  assert.match(fixed, /\n {4}- keyless:\n {8}url: https:\/\/fulcio\.sigstore\.dev\n/);
  assert.deepEqual(scan(policyKeyAuthority, README, fixed), []);
});

test('an indented fence (in a list item), a second fence and a static pass authority', () => {
  const text = `1. First:\n\n   \`\`\`yml\n${policy('   ')}   \`\`\`\n\n2. Or:\n\n\`\`\`yaml\napiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: open\nspec:\n  authorities:\n    - static:\n        action: pass\n\`\`\`\n`;
  const key = only(policyKeyAuthority, README, text);
  assert.equal(covered(text, key), 'key');
  assert.equal(key.startPosition.line, 9);
  const open = only(policyStaticPass, README, text);
  assert.equal(open.severity, 'information');
  assert.match(open.message, /`open`/);
});

test('YAML in other fences, prose and non-Markdown files is not read as a policy', () => {
  const body = policy('');
  for (const fence of ['```text', '```json', '```', '~~~console']) {
    assert.deepEqual(scan(policyKeyAuthority, README, `${fence}\n${body}${fence.slice(0, 3)}\n`), [], fence);
  }
  assert.deepEqual(scan(policyKeyAuthority, README, body), [], 'unfenced YAML in Markdown is prose');
  assert.deepEqual(scan(policyKeyAuthority, 'notes.txt', `\`\`\`yaml\n${body}\`\`\`\n`), []);
});

test('a fence cannot borrow structure from the text around it or from another fence', () => {
  // The prose before the fence looks like YAML that would make `authorities` part of a different map.
  const text = `spec:\n  authorities:\n\n\`\`\`yaml\n    - key:\n        data: x\n\`\`\`\n\n\`\`\`yaml\nkind: ClusterImagePolicy\nmetadata:\n  name: a\n\`\`\`\n`;
  assert.deepEqual(scan(policyKeyAuthority, README, text), []);
  const blocks = markdownYaml(text).blocks;
  assert.equal(blocks.length, 2);
  assert.equal(markdownYaml(text).text.length, text.length);
});

test('fixes are kept only when every edit stays inside one fence body', () => {
  const text = '```yaml\na: 1\n```\n\n```yaml\nb: 2\n```\n';
  const bodies = markdownYaml(text).blocks.map((b) => b.body);
  assert.deepEqual(
    bodies.map((b) => text.slice(b.start, b.end)),
    ['a: 1\n', 'b: 2\n'],
  );
  assert.ok(editsStayInside([{ range: { start: 8, end: 12 }, newText: 'a: 2' }], bodies));
  assert.ok(editsStayInside([{ range: { start: 13, end: 13 }, newText: 'c: 3\n' }], bodies), 'an insertion before the closing fence');
  assert.ok(!editsStayInside([{ range: { start: 8, end: 16 }, newText: '' }], bodies), 'an edit that eats the closing fence');
  assert.ok(!editsStayInside([{ range: { start: 0, end: 3 }, newText: '' }], bodies));
});

test('KW502 and KW512 in Markdown fences; severity drops to information', () => {
  const text = `\`\`\`yaml\napiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: k\nspec:\n  authorities:\n    - keyless:\n        url: https://fulcio.sigstore.dev\n\`\`\`\n\n\`\`\`yaml\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: v\nspec:\n  rules:\n    - name: r\n      verifyImages:\n        - attestors:\n            - entries:\n                - keyless:\n                    subject: s\n                    issuer: i\n                    rekor:\n                      ignoreTlog: true\n\`\`\`\n`;
  const keyless = only(policyKeylessWithoutIdentity, README, text, GITHUB_FACTS);
  assert.equal(keyless.severity, 'information');
  const fix = keyless.fixes?.[0];
  assert.ok(fix);
  assert.match(
    applyEdits(text, fix.edits),
    /url: https:\/\/fulcio\.sigstore\.dev\n {8}identities:\n {10}- issuer: "https:\/\/token\.actions\.githubusercontent\.com"\n[^`]*```\n\n```yaml\napiVersion: kyverno/,
  );
  const tlog = only(kyvernoIgnoreTlog, README, text);
  assert.equal(tlog.severity, 'information');
  assert.equal(covered(text, tlog), 'ignoreTlog: true');
});

test('cosign in a workflow, a GitLab job and a Kubernetes Job shown in Markdown: the command rules, information only', () => {
  const text = [
    '## Release',
    '',
    '```yaml',
    'on: push',
    'jobs:',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: cosign sign --key cosign.key "$IMAGE"',
    '```',
    '',
    '```yaml',
    'sign:',
    '  script:',
    '    - cosign sign --tlog-upload=false "$IMAGE"',
    '```',
    '',
    '```yaml',
    'apiVersion: batch/v1',
    'kind: Job',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: verify',
    '          image: ghcr.io/sigstore/cosign/cosign:v2.4.1',
    '          args: ["verify", "ghcr.io/acme/app:1.0"]',
    '```',
    '',
  ].join('\n');
  const signing = only(keyBasedSigning, README, text);
  assert.equal(signing.severity, 'information');
  assert.equal(signing.startPosition.line, 8);
  const tlog = only(tlogUploadDisabled, README, text);
  assert.equal(tlog.severity, 'information');
  assert.equal(covered(text, tlog), '--tlog-upload=false');
  const verify = only(verifyWithoutIdentity, README, text);
  assert.equal(verify.severity, 'information');
  assert.equal(verify.startPosition.line, 25, 'from the cosign image to its subcommand');
  assert.ok(covered(text, verify).startsWith('ghcr.io/sigstore/cosign/cosign:v2.4.1'));
});
