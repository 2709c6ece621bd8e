/**
 * SARIF locations are URIs relative to SRCROOT. Built with `encodeURI`, a file named `a#b.pem` became the
 * fragment `#b.pem` of `a`, `x?y` a query, `100%.pem` an invalid escape and `c:key.pem` an absolute URI with
 * the scheme `c:`. Each segment is now percent-encoded: every such URI resolves back to its file.
 * The same names as real files through the CLI: test/integration/sarif-uris-cli.test.ts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import { formatSarif } from '../../../src/cli/format-sarif';
import type { ScanReport } from '../../../src/cli/report';
import type { Finding } from '../../../src/engine/types';
import { AWKWARD_NAMES as NAMES, type SarifLog, sarifUris as uris } from '../../helpers/sarif-names';

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
