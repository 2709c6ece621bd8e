// The CLI as users get it from npm: packs a fresh copy of the repository (no dist/: `prepack` must build it),
// checks the tarball's file list, installs it into an empty prefix offline (`npm install -g --prefix`), and runs
// the installed `keyward` bin: `scan` on a workspace with a key generated just now (exit 1, the finding, never
// the key) and `verify` of the sample bundle (demo/sample-bundle, as `npm run demo` verifies it). Also `npx`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, cleanEnv, copyRepository, expect, mustRun, run, tempDir, writeGeneratedKey } from './lib/package-checks.mjs';

// Exactly what the npm package ships (.npmignore); npm adds package.json, README.md and LICENSE itself.
const EXPECTED_FILES = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'THIRD-PARTY-NOTICES.md',
  'dist/cli-main.js',
  'dist/cli.js',
  'dist/mcp.js',
  'dist/scan-worker.js',
  'dist/verify.js',
  'docs/rotation-guide.md',
  'docs/rules.md',
  'package.json',
];
const IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';

const work = tempDir('keyward-npm-package-');
const npmCache = join(work, 'npm-cache'); // an empty cache: nothing can come from earlier installs
const npm = (args, options = {}) => mustRun('npm', [...args, '--cache', npmCache, '--no-audit', '--no-fund', '--loglevel=error'], options);

console.log('· npm pack (a copy of the repository without dist/; prepack builds it)');
const clone = copyRepository(join(work, 'clone'), { linkNodeModules: true });
const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], { cwd: clone }).stdout)[0];
const shipped = packed.files.map((file) => file.path).sort();
expect(JSON.stringify(shipped) === JSON.stringify(EXPECTED_FILES), `the tarball holds exactly ${EXPECTED_FILES.join(', ')}`, shipped.join('\n'));
expect(packed.unpackedSize < 2 * 1024 * 1024, `the package unpacks to under 2 MB (${packed.unpackedSize} bytes)`);
const manifest = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8'));
expect(Object.keys(manifest.dependencies ?? {}).length === 0, 'no runtime dependencies (everything is bundled), so an offline install needs nothing else');
expect(manifest.bin?.keyward === './dist/cli.js', 'package.json declares the keyward bin');
const tarball = join(work, packed.filename);

console.log('· npm install -g --prefix EMPTY --offline (the tarball)');
const prefix = join(work, 'prefix');
npm(['install', '--global', '--prefix', prefix, '--offline', tarball], { cwd: work });
const keyward = join(prefix, 'bin', 'keyward');
const version = run(keyward, ['--version'], { cwd: work });
expect(
  version.status === 0 && version.stdout.trim() === manifest.version,
  `the installed bin runs (keyward --version: ${version.stdout.trim()})`,
  version.stdout + version.stderr,
);

const workspace = join(work, 'workspace');
const keyLines = writeGeneratedKey(join(workspace, 'keys', 'signing.pem'));
checkScan('installed bin', run(keyward, ['scan', workspace], { cwd: work }));

const sample = join(REPO_ROOT, 'demo', 'sample-bundle');
// Offline for real: the preload makes every network call throw and records the attempt.
const networkLog = join(work, 'network.log');
const offline = cleanEnv({
  NODE_OPTIONS: `--require ${JSON.stringify(join(REPO_ROOT, 'test', 'helpers', 'no-network.cjs'))}`,
  KEYWARD_NETWORK_LOG: networkLog,
});
const verify = run(
  keyward,
  ['verify', '--bundle', join(sample, 'a.txt.sigstore.json'), '--certificate-identity', IDENTITY, '--certificate-oidc-issuer', ISSUER, join(sample, 'a.txt')],
  { cwd: work, env: offline },
);
expect(
  verify.status === 0 && /^VERIFIED\s+Verified: signed by /m.test(verify.stdout),
  'keyward verify of the sample bundle exits 0 (Verified)',
  verify.stdout + verify.stderr,
);
expect(!existsSync(networkLog), 'keyward verify tried no network access');

// `keyward mcp` from the installed bin (dist/mcp.js shipped): initialize, then list the tools; closing stdin ends it.
const mcpRequests = [
  {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'npm-package-check', version: '0' } },
  },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, method: 'tools/list' },
];
const mcp = run(keyward, ['mcp', '--root', workspace], {
  cwd: work,
  env: offline,
  stdio: ['pipe', 'pipe', 'pipe'],
  input: mcpRequests.map((r) => JSON.stringify(r)).join('\n') + '\n',
});
const listed =
  mcp.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .find((message) => message.id === 2)
    ?.result?.tools?.map((tool) => tool.name) ?? [];
expect(
  mcp.status === 0 && listed.join() === 'keyward_scan,keyward_explain,keyward_verify_bundle',
  `keyward mcp lists its tools (${listed.join(', ')})`,
  mcp.stdout + mcp.stderr,
);
expect(!existsSync(networkLog), 'keyward mcp tried no network access');

console.log('· npx (npm exec --package=TARBALL --offline)');
checkScan(
  'npx',
  run('npm', ['exec', '--yes', '--offline', '--cache', npmCache, `--package=${tarball}`, '--', 'keyward', 'scan', workspace], { cwd: work, env: cleanEnv() }),
);

console.log('npm package: all checks passed');

function checkScan(how, scan) {
  const output = scan.stdout + scan.stderr;
  expect(scan.status === 1, `${how}: keyward scan exits 1 on the workspace with a generated key (exit ${scan.status})`, output);
  expect(/keys\/signing\.pem/.test(output) && /\bKW101\b/.test(output), `${how}: the finding names the file and KW101`, output);
  expect(!keyLines.some((line) => output.includes(line)), `${how}: no line of the key is printed`);
}
