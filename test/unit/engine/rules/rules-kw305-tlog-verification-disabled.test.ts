import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { tlogVerificationDisabled } from '../../../../src/engine/rules/kw305-tlog-verification-disabled';
import { assertCommentsKept, assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = tlogVerificationDisabled;

test('KW305 finds --insecure-ignore-tlog and --private-infrastructure, flags and variables', () => {
  const cases: [string, string, string][] = [
    ['cosign verify-blob --key https://x/cosign.pub --insecure-ignore-tlog --signature s f\n', '--insecure-ignore-tlog', 'error'],
    ['cosign verify --insecure-ignore-tlog=true img\n', '--insecure-ignore-tlog=true', 'error'],
    ['cosign verify --private-infrastructure img\n', '--private-infrastructure', 'error'],
    ['COSIGN_INSECURE_IGNORE_TLOG=1 cosign verify img\n', 'COSIGN_INSECURE_IGNORE_TLOG=1', 'error'],
    ['cosign verify --insecure-ignore-tlog --use-signed-timestamps --trusted-root root.json img\n', '--insecure-ignore-tlog', 'warning'],
    ['cosign verify --private-infrastructure --trusted-root root.json img\n', '--private-infrastructure', 'warning'],
  ];
  for (const [text, expected, severity] of cases) {
    const finding = only(rule, 'v.sh', text);
    assert.equal(covered(text, finding), expected);
    assert.equal(finding.severity, severity, text);
  }
});

test('KW305 negatives: explicitly false, references, unrelated flags', () => {
  for (const text of [
    'cosign verify --insecure-ignore-tlog=false img\n',
    'cosign verify --insecure-ignore-tlog=$SKIP img\n',
    'cosign verify --insecure-ignore-sct img\n',
    'echo --insecure-ignore-tlog\n',
  ]) {
    assert.deepEqual(scan(rule, 'v.sh', text), [], text);
  }
});

test('KW305 in documentation is information', () => {
  assert.equal(only(rule, 'RELEASE.md', '```\ncosign verify-blob --key cosign.pub --insecure-ignore-tlog f\n```\n').severity, 'information');
});

test('KW305 fix removes the flag in every carrier (safe)', () => {
  assertGoldenFix(rule, 'v.sh', 'cosign verify --insecure-ignore-tlog img\n', 'cosign verify img\n', { safety: 'safe' });
  assertGoldenFix(rule, 'v.sh', 'cosign verify img \\\n  --insecure-ignore-tlog\necho next\n', 'cosign verify img\necho next\n');
  assertGoldenFix(rule, 'Makefile', 'v:\n\tcosign verify \\\n\t  --insecure-ignore-tlog \\\n\t  $(IMAGE)\n', 'v:\n\tcosign verify \\\n\t  $(IMAGE)\n');
  assertGoldenFix(rule, 'Dockerfile', 'RUN cosign verify --insecure-ignore-tlog img && \\\n    echo ok\n', 'RUN cosign verify img && \\\n    echo ok\n');
  assertGoldenFix(rule, 'Dockerfile', 'RUN ["cosign", "verify", "--insecure-ignore-tlog", "img"]\n', 'RUN ["cosign", "verify", "img"]\n');
  assertGoldenFix(
    rule,
    'package.json',
    '{"scripts": {"v": "cosign verify --insecure-ignore-tlog \\"$IMG\\""}}',
    '{"scripts": {"v": "cosign verify \\"$IMG\\""}}',
  );
  assertGoldenFix(rule, 'justfile', 'v:\n    cosign verify --insecure-ignore-tlog {{image}}\n', 'v:\n    cosign verify {{image}}\n');
  assertGoldenFix(rule, 'README.md', '```sh\n$ cosign verify --insecure-ignore-tlog img\n```\n', '```sh\n$ cosign verify img\n```\n');
  const before =
    'jobs:\n  v:\n    steps:\n      # verify the release\n      - run: >\n          cosign verify\n          --insecure-ignore-tlog\n          "$IMG" # folded\n';
  const after = 'jobs:\n  v:\n    steps:\n      # verify the release\n      - run: >\n          cosign verify\n          "$IMG" # folded\n';
  assertGoldenFix(rule, '.github/workflows/v.yml', before, after);
  assertCommentsKept(before, after);
  assertGoldenFix(
    rule,
    '.gitlab-ci.yml',
    'v:\n  script:\n    - "cosign verify --insecure-ignore-tlog \\"$IMG\\""\n',
    'v:\n  script:\n    - "cosign verify \\"$IMG\\""\n',
  );
});
