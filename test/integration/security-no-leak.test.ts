/**
 * Secrets never leak: a workspace with a freshly generated key of every kind Keyward detects, a literal
 * COSIGN_PASSWORD and an identity token (both unique markers), committed to git and partly deleted
 * again. Every CLI command and output format runs over it (verbose logging, report files, baselines,
 * history, error paths, `verify` handed a key instead of a bundle, a trusted root or a public key), and
 * no 16-character window of any secret may appear in stdout, stderr or any file written.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  generateCosignKey,
  generateEncryptedPkcs8,
  generateLegacyEncryptedPem,
  generateOpenSshKey,
  generatePemKey,
  generatePgpKey,
  generateSsh2EncryptedKey,
  pemBody,
  uniqueMarker,
  asKubernetesSecret,
  asJsonString,
} from '../helpers/keys';
import { ageKey, jksBytes, jwkKey, leakedWindow, minisignKey, pkcs12Bytes, puttyKey, signifyKey } from '../helpers/nonpem-keys';
import { runCli } from '../helpers/verify-cli-build';

const dir = mkdtempSync(join(tmpdir(), 'keyward-leak-'));
const ws = join(dir, 'workspace');
const reports = join(dir, 'reports');
mkdirSync(join(ws, '.github', 'workflows'), { recursive: true });
mkdirSync(join(ws, 'k8s'));
mkdirSync(reports);

/** Every secret, as the strings that must never appear (whitespace removed, as a window would span lines). */
const secrets: { readonly name: string; readonly text: string }[] = [];
function plant(path: string, content: string | Buffer, ...secretParts: { name: string; text: string }[]): void {
  writeFileSync(join(ws, path), content);
  secrets.push(...secretParts);
}
const armoured = (name: string, text: string): { name: string; text: string } => ({ name, text: pemBody(text) });

const pems = {
  'rsa.pem': generatePemKey('rsa-pkcs1', { bits: 1024 }).text,
  'ec.key': generatePemKey('ec-sec1').text,
  'pkcs8.pem': generatePemKey('ed25519-pkcs8').text,
  'dsa.pem': generatePemKey('dsa-traditional').text,
  'encrypted.pem': generateEncryptedPkcs8().text,
  'legacy.pem': generateLegacyEncryptedPem().text,
  id_ed25519: generateOpenSshKey({ type: 'ed25519' }).text,
  id_ecdsa: generateOpenSshKey({ type: 'ecdsa', encrypted: true }).text,
  'ssh2.key': generateSsh2EncryptedKey().text,
  'cosign.key': generateCosignKey().text,
  'secring.asc': generatePgpKey({ bits: 1024 }).text,
};
for (const [path, text] of Object.entries(pems)) plant(path, text, armoured(path, text));
const minisign = minisignKey({ encrypted: false });
plant('minisign.key', minisign.text, { name: 'minisign', text: minisign.base64 });
const signify = signifyKey({ encrypted: false });
plant('signify.sec', signify.text, { name: 'signify', text: signify.base64 });
const age = ageKey();
// Without the fixed `AGE-SECRET-KEY-1` prefix (16 characters the rule documentation names).
plant('age.txt', age.file, { name: 'age', text: age.identity.slice('AGE-SECRET-KEY-1'.length) });
const jwk = jwkKey('ec-p256').jwk;
plant('jwks.json', JSON.stringify({ keys: [jwk] }), { name: 'jwk d', text: String(jwk.d) });
const putty = puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false });
plant('key.ppk', putty.text, { name: 'putty', text: putty.privateBase64 });
const p12 = pkcs12Bytes({ withKey: true, encryptedCertificates: false, password: 'changeit' }).bytes;
plant('release.p12', p12, { name: 'p12 (base64)', text: p12.toString('base64') }, { name: 'p12 (hex)', text: p12.toString('hex') });
const jks = jksBytes([{ kind: 'key' }], 'changeit');
plant('release.jks', jks, { name: 'jks (base64)', text: jks.toString('base64') });
const inSecret = generatePemKey('ec-sec1').text;
plant('k8s/secret.yaml', asKubernetesSecret('cosign', 'cosign.key', inSecret), armoured('k8s secret', inSecret), {
  name: 'k8s secret (base64)',
  text: Buffer.from(inSecret).toString('base64'),
});
const inJson = generatePemKey('ec-pkcs8').text;
plant('service-account.json', `{"type":"service_account","private_key":"${asJsonString(inJson)}"}`, armoured('json string', inJson));
// The markers stand for a password and an identity token: literal values Keyward reports but never shows.
const password = `${uniqueMarker()}pw`;
const token = `eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ${uniqueMarker()}.${uniqueMarker()}`;
plant(
  'release.sh',
  `#!/bin/sh\nexport COSIGN_PASSWORD=${password}\ncosign sign --key cosign.key --identity-token=${token} ghcr.io/acme/app\n`,
  { name: 'password', text: password },
  { name: 'token', text: token },
);
plant(
  '.github/workflows/release.yml',
  `env:\n  COSIGN_PASSWORD: "${password}"\n  SIGSTORE_ID_TOKEN: ${token}\njobs:\n  a:\n    steps:\n      - run: cosign sign --key env://COSIGN_PRIVATE_KEY img\n`,
);

function assertNoLeak(label: string, output: string): void {
  for (const secret of secrets) {
    const compact = secret.text.replace(/\s+/g, '');
    const window = leakedWindow(output, compact);
    assert.equal(window, undefined, `${label}: output contains 16 characters of the ${secret.name} secret`);
  }
}

const git = (...args: string[]): void => {
  const result = spawnSync('git', args, {
    cwd: ws,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'a',
      GIT_AUTHOR_EMAIL: 'a@example.invalid',
      GIT_COMMITTER_NAME: 'a',
      GIT_COMMITTER_EMAIL: 'a@example.invalid',
    },
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  assert.equal(result.status, 0, `git ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
};
const hasGit = spawnSync('git', ['--version']).status === 0;
if (hasGit) {
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'keys');
  // A key deleted in a later commit: still leaked, and `--history` reads it from the old commit.
  const deleted = generatePemKey('ec-sec1').text;
  writeFileSync(join(ws, 'old.pem'), deleted);
  secrets.push(armoured('deleted key', deleted));
  git('add', 'old.pem');
  git('commit', '-q', '-m', 'old');
  git('rm', '-q', 'old.pem');
  git('commit', '-q', '-m', 'remove');
  // And one only staged.
  const staged = generatePemKey('ed25519-pkcs8').text;
  writeFileSync(join(ws, 'staged.pem'), staged);
  secrets.push(armoured('staged key', staged));
  git('add', 'staged.pem');
}

/** Runs the CLI and checks stdout, stderr and every report file it wrote. */
function run(label: string, args: readonly string[], expectedStatus: number | readonly number[]): { stdout: string; stderr: string } {
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports);
  const result = runCli(args, { cwd: ws });
  const allowed = typeof expectedStatus === 'number' ? [expectedStatus] : expectedStatus;
  assert.ok(allowed.includes(result.status ?? -1), `${label}: exit ${result.status}`);
  assertNoLeak(`${label} (stdout)`, result.stdout);
  assertNoLeak(`${label} (stderr)`, result.stderr);
  for (const file of readdirSync(reports)) assertNoLeak(`${label} (${file})`, readFileSync(join(reports, file), 'utf8'));
  return result;
}

test('the planted workspace is found: every key file and both literals', () => {
  const { stdout } = run('scan json', ['scan', '.', '--format', 'json', '--no-gitignore'], 1);
  const findings = (JSON.parse(stdout) as { findings: { ruleId: string; path: string }[] }).findings;
  const paths = new Set(findings.map((f) => f.path));
  for (const path of [
    ...Object.keys(pems),
    'minisign.key',
    'signify.sec',
    'age.txt',
    'jwks.json',
    'key.ppk',
    'release.p12',
    'release.jks',
    'k8s/secret.yaml',
    'service-account.json',
  ]) {
    assert.ok(paths.has(path), `${path} is reported`);
  }
  const rules = new Set(findings.map((f) => f.ruleId));
  for (const rule of ['KW203', 'KW209']) assert.ok(rules.has(rule), `${rule} is reported`);
});

test('scan: every format, verbose, report files, baselines and trust modes contain no secret', () => {
  for (const format of ['text', 'json', 'sarif', 'gitlab']) {
    for (const extra of [[], ['--verbose'], ['--untrusted', '--verbose'], ['--no-gitignore', '--fail-on', 'none']]) {
      run(`scan ${format} ${extra.join(' ')}`, ['scan', '.', '--format', format, ...extra], [0, 1]);
    }
    run(`scan ${format} --output`, ['scan', '.', '--format', format, '--output', join(reports, `report.${format}`), '--verbose'], 1);
  }
  run('scan --write-baseline', ['scan', '.', '--write-baseline', join(reports, 'baseline.json')], [0, 1]);
  const baseline = join(dir, 'baseline.json');
  runCli(['scan', '.', '--write-baseline', baseline], { cwd: ws });
  assertNoLeak('baseline file', readFileSync(baseline, 'utf8'));
  run('scan --baseline', ['scan', '.', '--baseline', baseline, '--verbose'], [0, 1]);
  run('scan single files', ['scan', 'rsa.pem', 'release.p12', 'release.sh', '--verbose', '--format', 'sarif'], 1);
});

test('scan: git history and the staged index contain no secret in any format', { skip: hasGit ? false : 'git is not installed' }, () => {
  for (const format of ['text', 'json', 'sarif']) {
    const history = run(`scan --history ${format}`, ['scan', '.', '--history', '--format', format, '--verbose'], [0, 1, 2]);
    if (format === 'json' && history.stdout.trim().startsWith('{')) assert.match(history.stdout, /old\.pem/, 'the deleted key is found in history');
    run(`scan --staged ${format}`, ['scan', '.', '--staged', '--format', format, '--verbose'], [0, 1, 2]);
  }
});

test('error paths: usage errors and bad inputs quote no secret', () => {
  run('--format xml', ['scan', '.', '--format', 'xml'], 2);
  run('--fail-on bogus', ['scan', '.', '--fail-on', 'bogus'], 2);
  run('unknown flag', ['scan', '.', '--bogus-flag'], 2);
  run('missing path', ['scan', 'does-not-exist.pem', '--verbose'], [0, 2]);
  run('baseline that is a key', ['scan', '.', '--baseline', 'ec.key'], [1, 2]);
  run('max-file-size too small', ['scan', '.', '--max-file-size', '1', '--verbose'], [0, 1, 2]);
});

test('verify handed key material instead of a bundle, trusted root, public key or artifact quotes none of it', () => {
  const policy = [
    '--certificate-identity',
    'https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main',
    '--certificate-oidc-issuer',
    'https://token.actions.githubusercontent.com',
  ];
  for (const keyFile of ['rsa.pem', 'cosign.key', 'jwks.json', 'release.p12']) {
    for (const format of ['text', 'json']) {
      run(`verify --bundle ${keyFile}`, ['verify', '--bundle', keyFile, ...policy, '--format', format, 'release.sh'], [1, 2]);
      run(
        `verify --trusted-root ${keyFile}`,
        ['verify', '--bundle', 'jwks.json', ...policy, '--trusted-root', keyFile, '--format', format, 'release.sh'],
        [1, 2],
      );
      run(`verify --key ${keyFile}`, ['verify', '--bundle', 'jwks.json', '--key', keyFile, '--format', format, 'release.sh'], [1, 2]);
      run(`verify artifact ${keyFile}`, ['verify', '--bundle', 'service-account.json', ...policy, '--format', format, keyFile], [1, 2]);
    }
    run(`conformance --bundle ${keyFile}`, ['conformance', 'verify-bundle', '--bundle', keyFile, ...policy, 'release.sh'], [1, 2]);
  }
});
