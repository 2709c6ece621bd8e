/**
 * SARIF locations are URIs relative to SRCROOT. Built with `encodeURI`, a file named `a#b.pem` became the
 * fragment `#b.pem` of `a`, `x?y` a query, `100%.pem` an invalid escape and `c:key.pem` an absolute URI with
 * the scheme `c:`. Each segment is now percent-encoded: every such URI resolves back to its file.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import { formatSarif } from '../../../src/cli/format-sarif';
import type { ScanReport } from '../../../src/cli/report';
import type { Finding } from '../../../src/engine/types';
import { generatePemKey } from '../../helpers/keys';
import { runCli } from '../../helpers/verify-cli-build';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const NAMES = [
  'a#b.pem',
  'q?x=1.pem',
  'c:key.pem',
  '100%.pem',
  '%41.pem',
  'with space.pem',
  'clé 鍵.pem',
  'dir:x/sub#1/k?.pem',
  "semi;colon&amp'.pem",
  '[br].pem',
];

function finding(relative: string, index: number): Finding {
  return {
    ruleId: 'KW101',
    severity: 'error',
    path: relative,
    range: { start: 0, end: 10 },
    startPosition: { line: 0, character: 0 },
    endPosition: { line: 0, character: 10 },
    message: 'Unencrypted private key',
    carrier: 'text',
    committed: undefined,
    identity: `id${index}`,
    fingerprint: index.toString(16).padStart(32, '0'),
  };
}

interface SarifLog {
  runs: { originalUriBaseIds: { SRCROOT: { uri: string } }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

const uris = (log: SarifLog) => log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);

test('SARIF URIs of names with #, ?, :, %, spaces and unicode resolve back to the file and validate', () => {
  const root = process.platform === 'win32' ? 'C:\\work\\repo' : '/work/my repo#1';
  const report: ScanReport = {
    result: { findings: NAMES.map(finding), skipped: [], filesScanned: NAMES.length, cancelled: false },
    root,
    toolVersion: '0.1.0',
    docsUrl: 'https://example.invalid/docs/rules.md',
  };
  const log = JSON.parse(formatSarif(report)) as SarifLog;
  const base = log.runs[0]!.originalUriBaseIds.SRCROOT.uri;
  for (const [index, uri] of uris(log).entries()) {
    assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(uri), `${uri} would be an absolute URI`);
    const resolved = new URL(uri, base);
    assert.equal(resolved.hash, '', `${uri} has a fragment`);
    assert.equal(resolved.search, '', `${uri} has a query`);
    assert.equal(fileURLToPath(resolved), path.join(root, ...NAMES[index]!.split('/')));
    // The brief's check: against a plain root, the decoded path is the file's.
    assert.equal(decodeURIComponent(new URL(uri, 'file:///root/').pathname), `/root/${NAMES[index]}`);
  }
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
});

test(
  'keyward scan --format sarif on real files with such names: every URI resolves to a file that exists',
  { skip: process.platform === 'win32' ? 'names with : and ? are not valid on Windows' : false },
  () => {
    const root = mkdtempSync(path.join(tmpdir(), 'keyward-sarif-uris-'));
    made.push(root);
    for (const name of NAMES) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), generatePemKey('ec-sec1').text);
    }
    const result = runCli(['scan', root, '--untrusted', '--format', 'sarif'], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout) as SarifLog;
    const base = log.runs[0]!.originalUriBaseIds.SRCROOT.uri;
    const resolved = uris(log).map((uri) => fileURLToPath(new URL(uri, base)));
    assert.deepEqual(new Set(resolved), new Set(NAMES.map((name) => path.join(root, name))));
  },
);
