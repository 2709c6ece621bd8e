/**
 * The editor's re-check masks the jobs of a workflow that no rule reads (workflows/inert-jobs.ts). Its
 * requirement is that nothing changes: every report with masking equals the report of the whole file, on
 * hand-made workflows, the repository's workflow files, their concatenations and random edits of them.
 * (The unit tests' gate audit also compares both on every workflow any test scans.)
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditRuleGates, inertJobParses, scanFileReport, textWithInertJobsMasked, type FileScanReport } from '../../../../src/engine/scan/scanner';
import { maskBlocks, splitJobBlocks, withInertJob } from '../../../../src/engine/workflows/job-blocks';
import { checkProperty, fc, mutatedOneOf } from '../../../helpers/fuzz';

const PATH = '.github/workflows/release.yml';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');

const HEADER = 'name: release\non:\n  push:\n    tags: ["v*"]\npermissions:\n  contents: read\njobs:\n';
const buildJob = (id: string): string =>
  `  ${id}:\n    runs-on: ubuntu-latest\n    needs: [first]\n    steps:\n      - uses: actions/checkout@${SHA} # v4.2.2\n      - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af\n        with:\n          node-version: 22\n      - run: npm ci\n      - name: test\n        run: |\n          npm test\n          echo "done ${id}"\n`;
const matrixJob = (id: string): string =>
  buildJob(id).replace(
    '    steps:\n',
    '    strategy:\n      matrix:\n        node: [20, 22]\n    env:\n      CI: "true"\n    steps:\n      - env:\n          FOO: bar\n        run: echo $FOO\n',
  );
const SIGN_WITH_KEY =
  '  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: sigstore/cosign-installer@v3\n      - uses: actions/checkout@v4\n      - name: Sign\n        env:\n          COSIGN_PASSWORD: "hunter2-release"\n        run: cosign sign --yes --key cosign.key ghcr.io/acme/app@sha256:0123\n';
const SIGN_KEYLESS =
  '  keyless:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - run: cosign sign --yes ghcr.io/acme/app@sha256:0123\n';
const KEEP_CHOMP = '  keep:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |+\n          cosign version\n\n';
const SECRETS =
  '  secretive:\n    runs-on: ubuntu-latest\n    env:\n      COSIGN_PRIVATE_KEY: ${{ secrets.COSIGN_PRIVATE_KEY }}\n    steps:\n      - run: make\n';

const SEEDS = [
  HEADER + SIGN_WITH_KEY + buildJob('b1') + buildJob('b2') + SIGN_KEYLESS + buildJob('b3'),
  HEADER + buildJob('first') + KEEP_CHOMP + buildJob('after-keep') + SECRETS + buildJob('last'),
  HEADER + matrixJob('first') + SIGN_WITH_KEY + matrixJob('m1') + SIGN_KEYLESS + matrixJob('m2') + matrixJob('m3'),
  HEADER + buildJob('first') + '# a column-0 comment inside jobs\n' + buildJob('b1') + '\n\n' + SIGN_WITH_KEY + buildJob('tail').trimEnd(),
  'on: push\nenv:\n  COSIGN_EXPERIMENTAL: "1"\njobs:\n' + SIGN_KEYLESS + buildJob('b1') + buildJob('b2') + 'defaults:\n  run:\n    shell: bash\n',
  HEADER.replace('contents: read', 'id-token: write') + SIGN_KEYLESS + buildJob('b1') + buildJob('b2'),
  HEADER + '  anchored: &base\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  reuses: *base\n' + SIGN_WITH_KEY + buildJob('b1'),
  HEADER + SIGN_WITH_KEY + buildJob('b1') + '  flow: {runs-on: ubuntu-latest, steps: [{run: make}]}\n' + buildJob('b2'),
  // A quote left open in a signing job: the next jobs may be inside the string.
  HEADER + SIGN_WITH_KEY.replace('run: cosign sign', 'run: "cosign sign') + buildJob('b1') + '      --yes"\n' + buildJob('b2'),
];

function repositoryWorkflows(): string[] {
  return ['test/e2e/workspaces/keyed-workflow/.github/workflows/release.yml', 'demo/template/.github/workflows/release.yml'].map((file) =>
    readFileSync(join(REPO_ROOT, file), 'utf8'),
  );
}

function withoutAudit<T>(run: () => T): T {
  const previous = auditRuleGates(false);
  try {
    return run();
  } finally {
    auditRuleGates(previous);
  }
}

function reports(text: string): { masked: FileScanReport; whole: FileScanReport } {
  return withoutAudit(() => {
    const input = { path: PATH, text, committed: true };
    return { masked: scanFileReport(input, { skipInertJobs: true }), whole: scanFileReport(input) };
  });
}

function assertSameReport(text: string, label: string): void {
  const { masked, whole } = reports(text);
  assert.deepEqual(masked, whole, `${label}: masking inert jobs changed the report`);
}

test('masking inert jobs gives the whole file report on hand-made workflows, CRLF and the repository workflows', () => {
  const repository = repositoryWorkflows();
  const texts = [...SEEDS, ...SEEDS.map((s) => s.replace(/\n/g, '\r\n')), ...repository, ...repository.map((w) => withInertJob(w) ?? w)];
  // Concatenated: each seed's jobs followed by every other seed's jobs (the header of the first kept).
  for (const seed of SEEDS) texts.push(seed + SEEDS.map((s) => s.slice(s.indexOf('jobs:\n') + 'jobs:\n'.length)).join(''));
  const before = inertJobParses();
  texts.forEach((text, i) => assertSameReport(text, `text ${i}`));
  assert.ok(inertJobParses() > before, 'no job was ever masked: the comparison would prove nothing');
  assert.ok(reports(SEEDS[0]!).whole.findings.length >= 3, 'the seeds carry findings to compare');
});

test('masking inert jobs gives the whole file report on random edits of the workflows', () => {
  const seeds = [...SEEDS, ...repositoryWorkflows().map((w) => withInertJob(w) ?? w)];
  checkProperty(
    fc.property(mutatedOneOf(seeds), (text) => {
      assertSameReport(text, 'mutated workflow');
    }),
    150,
  );
});

test('a large workflow edited job by job keeps the whole file report, and each edit re-parses only the job it changed', () => {
  let text = HEADER + SIGN_WITH_KEY;
  for (let i = 0; i < 120; i++) text += buildJob(`job${i}`);
  assertSameReport(text, 'generated workflow');
  for (const i of [3, 57, 119]) {
    const at = text.indexOf(`echo "done job${i}"`);
    const edited = `${text.slice(0, at)}echo "edited job${i}"${text.slice(at + `echo "done job${i}"`.length)}`;
    const before = inertJobParses();
    assertSameReport(edited, `edit of job${i}`);
    // Two scans of the edited text (masked and whole): only the masked one asks, once, about the one new job text.
    assert.equal(inertJobParses() - before, 1, `editing job${i} parsed ${inertJobParses() - before} job texts`);
    const again = inertJobParses();
    withoutAudit(() => scanFileReport({ path: PATH, text: edited, committed: true }, { skipInertJobs: true }));
    assert.equal(inertJobParses(), again, 'an unchanged text re-parses no job');
  }
});

test('jobs that a rule reads, or that another part may refer to, are never masked', () => {
  // Whether the job appended after a plain first job is masked.
  const masked = (job: string, header = HEADER): boolean => {
    const text = header + buildJob('first') + job;
    const result = textWithInertJobsMasked(PATH, text);
    return (
      result !== undefined &&
      result
        .slice(text.length - job.length)
        .trimStart()
        .startsWith('#')
    );
  };
  assert.equal(masked(buildJob('plain')), true);
  assert.equal(masked(buildJob('tagged').replace(`checkout@${SHA}`, 'checkout@v4')), false);
  assert.equal(masked(buildJob('oidc').replace(`actions/checkout@${SHA}`, `aws-actions/configure-aws-credentials@${SHA}`)), false);
  assert.equal(masked(buildJob('perm').replace('    steps:\n', '    permissions:\n      contents: read\n    steps:\n')), false);
  assert.equal(masked(buildJob('envy').replace('    steps:\n', '    env:\n      A: b\n    steps:\n')), true);
  assert.equal(masked(buildJob('matrix').replace('    steps:\n', '    strategy:\n      matrix:\n        os: [a, b]\n    steps:\n')), true);
  assert.equal(masked(buildJob('cosenv').replace('    steps:\n', '    env:\n      COSIGN_YES: "true"\n    steps:\n')), false);
  assert.equal(masked(buildJob('nested').replace('    steps:\n', '    env:\n      A: {b: c}\n    steps:\n')), false);
  assert.equal(masked(buildJob('svc').replace('    steps:\n', '    services:\n      db:\n        image: postgres\n    steps:\n')), false);
  assert.equal(masked(buildJob('shell').replace('      - run: npm ci\n', '      - run: npm ci\n        shell: pwsh\n')), false);
  assert.equal(masked(buildJob('signs').replace('npm ci', 'cosign version')), false);
  assert.equal(masked(buildJob('pem').replace('npm ci', 'echo -----END')), false);
  assert.equal(masked('  anchored: &base\n    runs-on: x\n'), false);
  assert.equal(masked('  tagged: !!map\n    runs-on: x\n'), false);
  assert.equal(masked('  broken:\n    runs-on: [x\n'), false);
  assert.equal(masked(buildJob('plain2'), HEADER.replace('contents: read', 'id-token: write')), false);
  assert.equal(masked(buildJob('plain3'), HEADER.replace('contents: read', 'write-all')), false);
  const openQuote = `${HEADER}  first:\n    runs-on: x\n    steps:\n      - run: "cosign sign\n${buildJob('plain')}`;
  assert.equal(textWithInertJobsMasked(PATH, openQuote), undefined, 'a job that does not parse on its own: nothing is cut');
  assert.equal(textWithInertJobsMasked(PATH, `name: "open\n${HEADER.slice(HEADER.indexOf('on:'))}${buildJob('first')}${buildJob('plain')}`), undefined);
  assert.notEqual(textWithInertJobsMasked(PATH, HEADER + buildJob('first') + buildJob('plain')), undefined);
  assert.equal(textWithInertJobsMasked('ci/release.yml', HEADER + buildJob('first') + buildJob('plain')), undefined, 'only GitHub workflows');
});

test('splitJobBlocks cuts only the plain shape; maskBlocks keeps offsets outside the blocks', () => {
  const text = HEADER + buildJob('a') + '  # comment\n' + buildJob('b') + 'env:\n  X: y\n';
  const split = splitJobBlocks(text)!;
  assert.deepEqual(
    split.blocks.map((b) => b.id),
    ['a', 'b'],
  );
  assert.equal(split.indent, 2);
  assert.equal(text.slice(split.blocks[1]!.start).startsWith('  b:\n'), true);
  assert.equal(text.slice(split.blocks[1]!.end).startsWith('env:'), true);
  const masked = maskBlocks(text, split.indent, [split.blocks[1]!]);
  assert.equal(masked.length, text.length);
  assert.equal(masked.slice(0, split.blocks[1]!.start), text.slice(0, split.blocks[1]!.start));
  assert.equal(masked.slice(split.blocks[1]!.end), text.slice(split.blocks[1]!.end));
  assert.match(masked.slice(split.blocks[1]!.start, split.blocks[1]!.end), /^ {2}# +\n$/);
  for (const odd of [
    `${text}---\nname: second\n`,
    'jobs: {a: {runs-on: x}}\n',
    `${HEADER}\t a:\n    runs-on: x\n`,
    `${text}jobs:\n  c:\n    runs-on: x\n`,
    `${HEADER}  ? complex\n  : value\n`,
    `%YAML 1.2\n${text}`,
    `${HEADER}  a:\n  \tb: x\n`,
  ])
    assert.equal(splitJobBlocks(odd), undefined, JSON.stringify(odd.slice(0, 40)));
});
