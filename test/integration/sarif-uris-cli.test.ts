/**
 * `keyward scan --format sarif` on real files whose names a naive URI builder gets wrong: every URI resolves back
 * to a file that exists. The formatter's own checks (schema, no fragment or query): test/unit/cli/sarif-uris.test.ts.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generatePemKey } from '../helpers/keys';
import { AWKWARD_NAMES, type SarifLog, sarifUris } from '../helpers/sarif-names';
import { runCli } from '../helpers/verify-cli-build';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test(
  'keyward scan --format sarif on real files with such names: every URI resolves to a file that exists',
  { skip: process.platform === 'win32' ? 'names with : and ? are not valid on Windows' : false },
  () => {
    const root = mkdtempSync(path.join(tmpdir(), 'keyward-sarif-uris-'));
    made.push(root);
    for (const name of AWKWARD_NAMES) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), generatePemKey('ec-sec1').text);
    }
    const result = runCli(['scan', root, '--untrusted', '--format', 'sarif'], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout) as SarifLog;
    const base = log.runs[0]!.originalUriBaseIds.SRCROOT.uri;
    const resolved = sarifUris(log).map((uri) => fileURLToPath(new URL(uri, base)));
    assert.deepEqual(new Set(resolved), new Set(AWKWARD_NAMES.map((name) => path.join(root, name))));
  },
);
