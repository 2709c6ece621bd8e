import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { goreleaserKeySigning } from '../../../../src/engine/rules/kw601-goreleaser-key-signing';
import { assertCommentsKept, assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = goreleaserKeySigning;
const path = '.goreleaser.yaml';

test('KW601: docker_signs without args (default --key=cosign.key) and cosign args with --key', () => {
  const defaulted = 'version: 2\ndocker_signs:\n  - artifacts: all # every image\n';
  assert.equal(covered(defaulted, only(rule, path, defaulted)), 'artifacts: all');
  const explicit = 'signs:\n  - cmd: cosign\n    args: ["sign-blob", "--key=cosign.key", "--output-signature=${signature}", "${artifact}", "--yes"]\n';
  const finding = only(rule, path, explicit);
  assert.equal(finding.severity, 'warning');
  assert.match(covered(explicit, finding), /^args: \[/);
  assert.equal(
    scan(rule, 'goreleaser.yml', 'docker_signs:\n  - args:\n      - sign\n      - -k\n      - env://COSIGN_PRIVATE_KEY\n      - ${artifact}\n').length,
    1,
  );
});

test('KW601 negatives: keyless args, gpg signs, other files', () => {
  for (const text of [
    'docker_signs:\n  - artifacts: all\n    args: ["sign", "${artifact}@${digest}", "--yes"]\n',
    'signs:\n  - artifacts: checksum\n',
    'signs:\n  - cmd: gpg\n    args: ["--local-user", "k", "--output", "${signature}", "--detach-sign", "${artifact}"]\n',
  ]) {
    assert.deepEqual(scan(rule, path, text), [], text);
  }
  assert.deepEqual(scan(rule, 'ci/release.yaml', 'docker_signs:\n  - artifacts: all\n'), []);
});

test('KW601 fix, docker_signs: keyless args added', () => {
  const before = 'version: 2\ndocker_signs:\n  - artifacts: all # every image\nrelease:\n  draft: true\n';
  const after = 'version: 2\ndocker_signs:\n  - artifacts: all # every image\n    args: ["sign", "${artifact}@${digest}", "--yes"]\nrelease:\n  draft: true\n';
  assertGoldenFix(rule, path, before, after, { safety: 'review' });
  assertCommentsKept(before, after);
});

test('KW601 fix, signs: bundle signature, keyless args, password stdin and certificate removed', () => {
  const before = [
    'signs:',
    '  - cmd: cosign # sigstore',
    '    stdin: "{{ .Env.COSIGN_PASSWORD }}"',
    '    certificate: "${artifact}.pem"',
    '    signature: "${artifact}.sig"',
    '    args:',
    '      - sign-blob',
    '      - --key=cosign.key',
    '      - --output-signature=${signature}',
    '      - ${artifact}',
    '      - --yes',
    '    artifacts: checksum',
    '',
  ].join('\n');
  const after = [
    'signs:',
    '  - cmd: cosign # sigstore',
    '    signature: "${artifact}.sigstore.json"',
    '    args: ["sign-blob", "--bundle=${signature}", "${artifact}", "--yes"]',
    '    artifacts: checksum',
    '',
  ].join('\n');
  const fix = assertGoldenFix(rule, path, before, after);
  assert.match(fix.note ?? '', /id-token: write/);
});
