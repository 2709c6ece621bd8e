import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cosignExperimental } from '../../../../src/engine/rules/kw207-cosign-experimental';
import { assertCommentsKept, assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = cosignExperimental;

test('KW207 finds COSIGN_EXPERIMENTAL set to true anywhere', () => {
  const cases: [string, string, string][] = [
    ['a.sh', 'export COSIGN_EXPERIMENTAL=1\n', 'COSIGN_EXPERIMENTAL=1'],
    ['a.sh', 'COSIGN_EXPERIMENTAL=true cosign verify img\n', 'COSIGN_EXPERIMENTAL=true'],
    ['Dockerfile', 'ENV COSIGN_EXPERIMENTAL=1\n', 'COSIGN_EXPERIMENTAL=1'],
    ['.github/workflows/r.yml', 'env:\n  COSIGN_EXPERIMENTAL: "true"\n', 'COSIGN_EXPERIMENTAL: "true"'],
    ['.goreleaser.yml', 'docker_signs:\n  - env:\n      - COSIGN_EXPERIMENTAL=1\n', 'COSIGN_EXPERIMENTAL=1'],
    ['Makefile', 'export COSIGN_EXPERIMENTAL = 1\n', 'COSIGN_EXPERIMENTAL = 1'],
  ];
  for (const [path, text, expected] of cases) {
    const finding = only(rule, path, text);
    assert.equal(covered(text, finding), expected, path);
    assert.equal(finding.severity, 'information');
  }
});

test('KW207 negatives: off, references, mentions', () => {
  for (const text of [
    'export COSIGN_EXPERIMENTAL=0\n',
    'COSIGN_EXPERIMENTAL=false cosign verify x\n',
    'export COSIGN_EXPERIMENTAL="$X"\n',
    'echo COSIGN_EXPERIMENTAL=1\n',
  ]) {
    assert.deepEqual(scan(rule, 'a.sh', text), [], text);
  }
});

test('KW207 fix removes the variable, keeping the rest of the file and its comments', () => {
  const before = 'name: r\nenv:\n  # shared\n  COSIGN_EXPERIMENTAL: "1"\n  IMAGE: ghcr.io/acme/app # the image\njobs: {}\n';
  const after = 'name: r\nenv:\n  # shared\n  IMAGE: ghcr.io/acme/app # the image\njobs: {}\n';
  assertGoldenFix(rule, '.github/workflows/r.yml', before, after, { safety: 'safe' });
  assertCommentsKept(before, after);
  assertGoldenFix(rule, 'a.sh', 'set -e\nexport COSIGN_EXPERIMENTAL=1\ncosign verify x\n', 'set -e\ncosign verify x\n');
  assertGoldenFix(rule, 'Dockerfile', 'FROM x\nENV COSIGN_EXPERIMENTAL=1 \\\n    OTHER=2\n', 'FROM x\nENV OTHER=2\n');
  assertGoldenFix(rule, '.goreleaser.yml', 'signs:\n  - env:\n      - COSIGN_EXPERIMENTAL=1\n      - B=2\n', 'signs:\n  - env:\n      - B=2\n');
});
