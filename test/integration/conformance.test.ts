/**
 * The public Sigstore conformance bundle-verification cases (test/fixtures/conformance, see its README),
 * every case run twice through `keyward conformance verify-bundle` exactly as the suite drives a
 * client: once with the artifact path, once with its `sha256:` digest. `_fail` cases must be
 * rejected, all others verified. Prints "conformance: N passed, N failed".
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { runConformance } from '../../src/cli/conformance';
import type { CliIo } from '../../src/cli/verify-command';
import { REPO_ROOT, runCli } from '../helpers/verify-cli-build';

const CASES_DIR = resolve(REPO_ROOT, 'test', 'fixtures', 'conformance', 'bundle-verify');
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

/** Cases Keyward cannot pass yet, with the reason (also listed in the README). None at the moment. */
const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

type Mode = 'path' | 'digest';

/** The exact argument list the conformance suite passes for one case. */
function suiteArguments(caseName: string, mode: Mode): string[] {
  const dir = join(CASES_DIR, caseName);
  const file = (name: string) => join(dir, name);
  const artifact = existsSync(file('artifact')) ? file('artifact') : join(CASES_DIR, 'a.txt');
  const args = ['verify-bundle', '--bundle', file('bundle.sigstore.json')];
  if (existsSync(file('key.pub'))) args.push('--key', file('key.pub'));
  else {
    const read = (name: string, fallback: string) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8').trim() : fallback);
    args.push('--certificate-identity', read('identity', DEFAULT_IDENTITY), '--certificate-oidc-issuer', read('issuer', DEFAULT_ISSUER));
  }
  if (existsSync(file('trusted_root.json'))) args.push('--trusted-root', file('trusted_root.json'));
  args.push(mode === 'path' ? artifact : `sha256:${createHash('sha256').update(readFileSync(artifact)).digest('hex')}`);
  return args;
}

function capture(): { io: CliIo; output: () => string } {
  let text = '';
  return { io: { cwd: REPO_ROOT, stdout: (t) => (text += t), stderr: (t) => (text += t), stdoutIsTTY: false }, output: () => text.trim() };
}

const cases = existsSync(CASES_DIR)
  ? readdirSync(CASES_DIR)
      .filter((d) => statSync(join(CASES_DIR, d)).isDirectory())
      .sort()
  : [];
const tally = { passed: 0, failed: 0 };

test('the conformance cases are present', () => {
  assert.ok(existsSync(CASES_DIR), `the conformance cases are missing: expected them in ${CASES_DIR}`);
  assert.ok(cases.length >= 70, `expected at least 70 case folders in ${CASES_DIR}, found ${cases.length}`);
});

describe('conformance: bundle verification', () => {
  for (const caseName of cases) {
    const expectFailure = caseName.endsWith('fail');
    for (const mode of ['path', 'digest'] as const) {
      const known = KNOWN_FAILURES[caseName];
      test(`${caseName} (${mode})`, known ? { todo: known } : {}, () => {
        const { io, output } = capture();
        let code: number;
        try {
          code = runConformance(suiteArguments(caseName, mode), io);
        } catch (error) {
          // Usage errors (exit 2) are rejections too; anything else is a bug in Keyward.
          if ((error as Error).name !== 'UsageError') throw error;
          io.stderr(`usage error: ${(error as Error).message}`);
          code = 2;
        }
        const ok = expectFailure ? code !== 0 : code === 0;
        if (ok) tally.passed += 1;
        else tally.failed += 1;
        assert.ok(ok, `${caseName} (${mode}) should ${expectFailure ? 'be rejected' : 'verify'}; exit ${code}: ${output()}`);
        assert.ok(!/\n\s+at /.test(output()), 'no stack traces in the output');
      });
    }
  }
});

describe('conformance through the built dist/cli.js', () => {
  for (const [caseName, mode, expected] of [
    ['happy-path-v0.3', 'digest', 0],
    ['rekor2-dsse-happy-path', 'path', 0],
    ['signature-mismatch_fail', 'path', 1],
  ] as const) {
    test(`${caseName} (${mode}) exits ${expected}`, () => {
      const run = runCli(['conformance', ...suiteArguments(caseName, mode)]);
      assert.equal(run.status, expected, run.stdout + run.stderr);
      assert.match(expected === 0 ? run.stdout : run.stderr, expected === 0 ? /^Verified: / : /^rejected: Verification failed: /);
    });
  }
});

after(() => {
  if (cases.length > 0) console.log(`conformance: ${tally.passed} passed, ${tally.failed} failed`);
});
