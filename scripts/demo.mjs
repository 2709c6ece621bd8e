// The Quick start's main job: build Keyward, create the demo workspace with freshly generated throwaway keys
// (never committed to this repository), scan it with the CLI, and verify the bundled sample Sigstore bundle offline.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const workspace = 'demo/workspace';

run('build', process.execPath, ['scripts/build.mjs', '--production']);
run('build (test helpers)', process.execPath, ['scripts/build.mjs', '--only=out']);
const keys = require('../out/test/helpers/keys.js');
const nonPem = require('../out/test/helpers/nonpem-keys.js');

console.log(`\n▶ creating ${workspace}/ with throwaway keys generated just now`);
rmSync(workspace, { recursive: true, force: true });
cpSync('demo/template', workspace, { recursive: true });
const release = keys.generatePemKey('ec-pkcs8');
const serviceAccount = keys.generatePemKey('rsa-pkcs8');
const k8s = keys.generatePemKey('ec-sec1');
const local = keys.generatePemKey('ed25519-pkcs8');
const jwk = nonPem.jwkKey('ec-p256');
const committed = {
  'keys/release-signing.pem': release.text,
  'cosign.key': keys.generateCosignKey().text,
  'cosign.pub': release.publicPem,
  'deploy/id_ed25519': keys.generateOpenSshKey({ comment: 'deploy@example' }).text,
  'config/service-account.json':
    JSON.stringify(
      {
        type: 'service_account',
        project_id: 'keyward-demo',
        private_key_id: 'demo',
        private_key: serviceAccount.text,
        client_email: 'signer@keyward-demo.iam.gserviceaccount.com',
      },
      null,
      2,
    ) + '\n',
  'k8s/signing-secret.yaml': keys.asKubernetesSecret('release-signing', 'tls.key', k8s.text),
  'config/jwks.json': JSON.stringify({ keys: [jwk.jwk] }, null, 2) + '\n',
  'keys/legacy.ppk': nonPem.puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false }).text,
};
for (const [path, text] of Object.entries(committed)) write(path, text);
git('init', '--quiet', '--initial-branch=main');
git('add', '--all');
git(
  '-c',
  'user.name=Keyward demo',
  '-c',
  'user.email=demo@keyward.invalid',
  'commit',
  '--quiet',
  '--message',
  'demo: a repository that committed its signing keys',
);
// Written after the commit: a key that is in the working tree but not (yet) in git is a warning.
write('.env.local', `SIGNING_KEY=${JSON.stringify(local.text)}\n`);

const scan = run('keyward scan demo/workspace', process.execPath, ['dist/cli.js', 'scan', workspace], { allow: [1] });
const verify = run('keyward verify the sample bundle (offline)', process.execPath, [
  'dist/cli.js',
  'verify',
  '--bundle',
  'demo/sample-bundle/a.txt.sigstore.json',
  '--certificate-identity',
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
  '--certificate-oidc-issuer',
  'https://token.actions.githubusercontent.com',
  'demo/sample-bundle/a.txt',
]);
// The demo workspace is full of keys on purpose: exit code 1 (findings) is the expected result.
if (scan !== 1 || verify !== 0) {
  console.error(`\ndemo failed: scan exit ${scan} (expected 1: findings), verify exit ${verify} (expected 0)`);
  process.exit(1);
}
console.log('\n✔ demo done: the scan found the planted keys (exit code 1 is what CI would fail on) and the sample bundle verified offline.');

function write(path, text) {
  const target = join(workspace, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}

function git(...args) {
  const result = spawnSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: workspace, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`git ${args[0]} failed in ${workspace}`);
}

function run(title, command, args, { allow = [] } = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code !== 0 && !allow.includes(code)) {
    console.error(`${title} failed (exit ${code})`);
    process.exit(code || 1);
  }
  return code;
}
