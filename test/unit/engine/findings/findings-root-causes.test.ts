import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { formatSarif } from '../../../../src/cli/format-sarif';
import { scanFile } from '../../../../src/engine/scan/scanner';

const WORKFLOW = `on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - name: Sign
        env:
          COSIGN_PRIVATE_KEY: \${{ secrets.COSIGN_PRIVATE_KEY }}
          COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}
        run: cosign sign --key env://COSIGN_PRIVATE_KEY "ghcr.io/acme/app@\${DIGEST}"
`;

test('one key-signing step is one finding: KW201, with KW204 and both KW404 secrets as related locations and one menu entry per action', () => {
  const findings = scanFile({ path: '.github/workflows/release.yml', text: WORKFLOW, committed: true });
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['KW201'],
    findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'),
  );
  const [signing] = findings;
  assert.deepEqual(signing?.related?.map((r) => r.ruleId).sort(), ['KW204', 'KW404', 'KW404']);
  assert.deepEqual(
    signing?.related?.filter((r) => r.ruleId === 'KW404').map((r) => r.startPosition.line),
    [9, 10],
  );
  const titles = (signing?.fixes ?? []).map((f) => f.title);
  assert.equal(new Set(titles).size, titles.length, `each action once: ${titles.join(' | ')}`);
  assert.ok(titles.length >= 1);
});

test('findings with different root causes stay apart: two signing commands, a secret feeding neither', () => {
  const text = `jobs:
  a:
    steps:
      - run: cosign sign --key cosign.key img1
      - run: cosign sign --key env://COSIGN_PRIVATE_KEY img2
        env:
          COSIGN_PRIVATE_KEY: \${{ secrets.COSIGN_PRIVATE_KEY }}
  b:
    steps:
      - run: ./publish.sh
        env:
          COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}
`;
  const findings = scanFile({ path: '.github/workflows/release.yml', text, committed: true });
  const kw201 = findings.filter((f) => f.ruleId === 'KW201');
  assert.equal(kw201.length, 2);
  assert.deepEqual(kw201[0]?.related ?? [], [], 'the file-key command has nothing to merge');
  assert.deepEqual(kw201[1]?.related?.map((r) => r.ruleId).sort(), ['KW204', 'KW404']);
  assert.equal(findings.filter((f) => f.ruleId === 'KW404').length, 1, 'the password of job b feeds no signing command: reported on its own');
});

test('SARIF carries merged findings as relatedLocations and still validates', () => {
  const findings = scanFile({ path: '.github/workflows/release.yml', text: WORKFLOW, committed: true }).map((f) => ({
    ...f,
    path: '.github/workflows/release.yml',
  }));
  const log = JSON.parse(
    formatSarif({
      result: { findings, skipped: [], filesScanned: 1, cancelled: false },
      root: '/w',
      toolVersion: '0.1.0',
      docsUrl: 'https://example.invalid/rules.md',
    }),
  );
  const result = log.runs[0].results[0];
  assert.equal(result.relatedLocations.length, 3);
  assert.match(result.relatedLocations[0].message.text, /^KW\d{3}: /);
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.equal(validate(log), true, JSON.stringify(validate.errors));
});
