/**
 * The opt-in online trusted-root refresh (TUF), against a real TUF repository built and served on
 * 127.0.0.1 by the test (test/helpers/tuf-repo.ts): a bundle verifies against the refreshed root, broken
 * or expired metadata and an unreachable mirror are one-line errors, and a recent refresh is reused from
 * the cache without a single request. No internet.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultTufCacheDir } from '../../../../src/cli/tuf-cache-dir';
import { runVerify, type CliIo } from '../../../../src/cli/verify-command';
import { isVerifyError, verifyBundleOnline, type VerifyOptions } from '../../../../src/engine/verify';
import { GITHUB_ISSUER, makeWorld, messageBundle, TEST_IDENTITY, trustedRoot } from '../../../helpers/sigstore-fixtures';
import { buildTufRepo, serveTufRepo, type RepoOptions, type TufMirror } from '../../../helpers/tuf-repo';

const dir = mkdtempSync(join(tmpdir(), 'keyward-tuf-'));
const world = makeWorld();
const artifact = Buffer.from('artifact verified with a refreshed trusted root\n');
const bundle = messageBundle(world, { artifact }).json;
const request: VerifyOptions = { bundle, artifact: { bytes: artifact }, policy: { identity: TEST_IDENTITY, issuer: GITHUB_ISSUER } };
const mirrors: TufMirror[] = [];
after(() => Promise.all(mirrors.map((m) => m.close())));

let counter = 0;
/** A served repository, its root.json on disk and a fresh cache folder. */
async function mirror(options: Partial<RepoOptions> = {}): Promise<{ mirror: TufMirror; tufRootPath: string; cacheDir: string }> {
  counter += 1;
  const repo = buildTufRepo({ trustedRoot: trustedRoot(world), ...options });
  const served = await serveTufRepo(repo);
  mirrors.push(served);
  const tufRootPath = join(dir, `root-${counter}.json`);
  writeFileSync(tufRootPath, repo.rootJson);
  return { mirror: served, tufRootPath, cacheDir: join(dir, `cache-${counter}`) };
}

async function refreshError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isVerifyError(error), `a VerifyError, not ${String(error)}`);
    assert.equal(error.code, 'TUF_REFRESH_FAILED');
    assert.doesNotMatch(error.message, /\n|\s+at\s/, 'one line, no stack');
    return error.message;
  }
  assert.fail('the refresh should have failed');
}

test('a bundle verifies against the trusted root refreshed through TUF; the result says where the root came from', async () => {
  const { mirror: served, tufRootPath, cacheDir } = await mirror();
  const result = await verifyBundleOnline(request, { cacheDir, mirrorUrl: served.url, tufRootPath });
  assert.equal(result.status, 'verified', result.summary);
  assert.equal(result.trustedRoot, 'TUF refresh');
  assert.match(
    result.trustedRootDetail ?? '',
    /^TUF refresh at \d{4}-\d\d-\d\dT[\d:.]+Z from http:\/\/127\.0\.0\.1:\d+ \(metadata verified from the given TUF root\.json\)$/,
  );
  assert.deepEqual(served.requests, ['/2.root.json', '/timestamp.json', '/snapshot.json', '/targets.json', '/targets/trusted_root.json']);
});

test('a second verification reuses the cached refresh without any request; an old refresh or expired metadata is redone', async () => {
  const { mirror: served, tufRootPath, cacheDir } = await mirror();
  const online = { cacheDir, mirrorUrl: served.url, tufRootPath };
  const first = await verifyBundleOnline(request, online);
  const made = served.requests.length;
  assert.ok(made > 0);
  const second = await verifyBundleOnline(request, online);
  assert.equal(second.status, 'verified', second.summary);
  assert.equal(served.requests.length, made, 'no request for the cached refresh');
  assert.match(second.trustedRootDetail ?? '', /reused from the cache/);
  const refreshedAt = /^TUF refresh at (\S+) from/.exec(first.trustedRootDetail ?? '')?.[1];
  assert.ok(
    refreshedAt !== undefined && second.trustedRootDetail?.startsWith(`TUF refresh at ${refreshedAt} from`),
    'the time of the original refresh is reported',
  );
  const later = await verifyBundleOnline(request, { ...online, now: () => new Date(Date.now() + 2 * 24 * 60 * 60 * 1000) });
  assert.equal(later.status, 'verified', later.summary);
  assert.ok(served.requests.length > made, 'a refresh older than a day goes back to the mirror');
  assert.doesNotMatch(later.trustedRootDetail ?? '', /reused/);
  // Within the allowed age but past the cached metadata's expiry (a week): refreshed, and reported as such.
  const beforeExpired = served.requests.length;
  const expired = await verifyBundleOnline(request, {
    ...online,
    cacheMaxAgeMs: 30 * 24 * 60 * 60 * 1000,
    now: () => new Date(Date.now() + 8 * 24 * 60 * 60 * 1000),
  });
  assert.ok(served.requests.length > beforeExpired, 'expired cached metadata goes back to the mirror');
  assert.doesNotMatch(expired.trustedRootDetail ?? '', /reused/);
});

test('a trusted root served by TUF that does not know the signer rejects the bundle', async () => {
  const { mirror: served, tufRootPath, cacheDir } = await mirror({ trustedRoot: trustedRoot(makeWorld()) });
  const result = await verifyBundleOnline(request, { cacheDir, mirrorUrl: served.url, tufRootPath });
  assert.equal(result.status, 'failed');
  assert.equal(result.trustedRoot, 'TUF refresh');
});

test('a tampered targets or timestamp signature is a one-line error', async () => {
  for (const role of ['targets', 'timestamp'] as const) {
    const { mirror: served, tufRootPath, cacheDir } = await mirror({ tamper: role });
    const message = await refreshError(verifyBundleOnline(request, { cacheDir, mirrorUrl: served.url, tufRootPath }));
    assert.match(
      message,
      new RegExp(
        `^online refresh of the Sigstore trusted root from ${served.url.replace(/\./g, '\\.')} failed: the TUF metadata is not signed by the trusted TUF keys \\(${role} was signed by 0/1 keys\\)`,
      ),
    );
  }
});

test('expired TUF metadata is a one-line error, not a silent fallback', async () => {
  const { mirror: served, tufRootPath, cacheDir } = await mirror({ timestampExpires: new Date(Date.now() - 60_000) });
  const message = await refreshError(verifyBundleOnline(request, { cacheDir, mirrorUrl: served.url, tufRootPath }));
  assert.match(message, /failed: the TUF metadata has expired \(Final timestamp\.json is expired\)/);
});

test('an unreachable mirror is a one-line error', async () => {
  const { mirror: served, tufRootPath, cacheDir } = await mirror();
  await served.close();
  const message = await refreshError(verifyBundleOnline(request, { cacheDir, mirrorUrl: served.url, tufRootPath, timeoutMs: 5000 }));
  assert.match(message, /failed: the mirror cannot be reached \(ECONNREFUSED\)/);
});

test('an unusable cache folder is a one-line error about the cache, not about the mirror', async () => {
  const { mirror: served, tufRootPath } = await mirror();
  const notAFolder = join(dir, 'a-file');
  writeFileSync(notAFolder, 'not a folder');
  const message = await refreshError(verifyBundleOnline(request, { cacheDir: join(notAFolder, 'cache'), mirrorUrl: served.url, tufRootPath }));
  assert.match(message, /failed: the TUF cache folder .*a-file[/\\]cache cannot be used \(ENOTDIR\)$/);
  assert.deepEqual(served.requests, [], 'nothing was fetched');
});

test('keyward verify --online --tuf-mirror --tuf-root --tuf-cache: exit 0 with the refreshed root, exit 1 with one line when the refresh fails', async () => {
  const files = { artifact: join(dir, 'app.bin'), bundle: join(dir, 'app.bin.sigstore.json') };
  writeFileSync(files.artifact, artifact);
  writeFileSync(files.bundle, bundle);
  const cli = async (repo: Awaited<ReturnType<typeof mirror>>): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTTY: false };
    const args = [
      '--bundle',
      files.bundle,
      '--certificate-identity',
      TEST_IDENTITY,
      '--certificate-oidc-issuer',
      GITHUB_ISSUER,
      '--online',
      '--tuf-mirror',
      repo.mirror.url,
      '--tuf-root',
      repo.tufRootPath,
      '--tuf-cache',
      repo.cacheDir,
      files.artifact,
    ];
    const code = await runVerify(args, io);
    return { code, stdout, stderr };
  };
  const good = await cli(await mirror());
  assert.equal(good.code, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /^VERIFIED/);
  assert.match(good.stdout, /^Trusted root: {2}TUF refresh at .* from http:\/\/127\.0\.0\.1:\d+ /m);
  const bad = await cli(await mirror({ tamper: 'targets' }));
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.match(
    bad.stderr,
    /^keyward: online refresh of the Sigstore trusted root from .* failed: the TUF metadata is not signed by the trusted TUF keys [^\n]*; run without --online [^\n]*\n$/,
  );
});

test('the default TUF cache folder follows the platform (XDG on Linux)', () => {
  assert.equal(defaultTufCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), join('/xdg', 'keyward', 'tuf'));
  assert.equal(defaultTufCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), join('/home/u', '.cache', 'keyward', 'tuf'));
  assert.equal(defaultTufCacheDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Caches', 'keyward', 'tuf'));
});
