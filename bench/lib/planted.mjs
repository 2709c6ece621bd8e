// The planted set: private keys generated now (node:crypto, ssh-keygen when present) and insecure
// Sigstore configurations, at realistic paths among the generated files. Each entry records what
// Keyward is expected to report for it, so the benchmark can compute recall. Keys are throwaway and
// never printed.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pem = (key, type, format = 'pem', extra = {}) => key.export({ type, format, ...extra });
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ed25519 = () => generateKeyPairSync('ed25519').privateKey;

function armor(label, bytes) {
  return `-----BEGIN ${label}-----\n${bytes
    .toString('base64')
    .match(/.{1,64}/g)
    .join('\n')}\n-----END ${label}-----\n`;
}

/** cosign's encrypted key format (JSON envelope in PEM armour); the ciphertext is random, as a real one looks. */
function cosignKey() {
  const envelope = {
    kdf: { name: 'scrypt', params: { N: 32768, r: 8, p: 1 }, salt: randomBytes(32).toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: randomBytes(24).toString('base64') },
    ciphertext: randomBytes(154).toString('base64'),
  };
  return armor('ENCRYPTED SIGSTORE PRIVATE KEY', Buffer.from(JSON.stringify(envelope)));
}

/** An OpenSSH private key from ssh-keygen, or undefined when ssh-keygen is missing. */
function openSshKey(type) {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-ssh-'));
  try {
    const run = spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'bench@example.invalid', '-f', join(dir, 'key')], { stdio: 'ignore' });
    return run.status === 0 ? readFileSync(join(dir, 'key'), 'utf8') : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Returns { files: [{ path, content }], planted: [{ path, kind, ruleId, key }], notes: [string] }.
 * `key: true` entries are private keys (the recall every tool is measured on); the others are insecure
 * configurations only Keyward looks for.
 */
export function plantedSet() {
  const files = [];
  const planted = [];
  const notes = [];
  const plant = (path, content, kind, ruleId, key) => {
    files.push({ path, content });
    planted.push({ path, kind, ruleId, key });
  };

  // Keys in their own files.
  plant('services/api/config/tls/server.key', pem(rsa(), 'pkcs1'), 'RSA PKCS#1 PEM (.key)', 'KW101', true);
  plant('infra/terraform/secrets/service-rsa.pem', pem(rsa(), 'pkcs8'), 'RSA PKCS#8 PEM', 'KW101', true);
  plant('services/web/certs/signing-ec.pem', pem(ec(), 'sec1'), 'EC SEC1 PEM', 'KW101', true);
  plant('services/billing/keys/ed25519.pem', pem(ed25519(), 'pkcs8'), 'Ed25519 PKCS#8 PEM', 'KW101', true);
  plant(
    'services/api/config/encrypted-ec.pem',
    pem(ec(), 'pkcs8', 'pem', { cipher: 'aes-256-cbc', passphrase: randomBytes(12).toString('hex') }),
    'encrypted PKCS#8 PEM',
    'KW102',
    true,
  );
  plant('release/cosign.key', cosignKey(), 'cosign encrypted key', 'KW103', true);
  for (const [type, path] of [
    ['ed25519', 'deploy/ssh/id_ed25519'],
    ['ecdsa', 'tools/ci/keys/id_ecdsa'],
  ]) {
    const text = openSshKey(type);
    if (text) plant(path, text, `OpenSSH ${type} (ssh-keygen)`, 'KW101', true);
    else notes.push(`OpenSSH ${type} key not planted: ssh-keygen is not available`);
  }

  // Keys embedded in other files.
  const envKey = pem(ec(), 'pkcs8');
  plant(
    'services/worker/.env',
    `NODE_ENV=production\nPORT=8080\nSIGNING_KEY="${envKey.trimEnd().replace(/\n/g, '\\n')}"\nLOG_LEVEL=info\n`,
    'PKCS#8 in .env (escaped newlines)',
    'KW101',
    true,
  );
  const account = {
    type: 'service_account',
    project_id: 'bench-project',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: pem(rsa(), 'pkcs8'),
    client_email: 'signer@bench-project.iam.gserviceaccount.com',
  };
  plant('services/api/config/service-account.json', JSON.stringify(account, null, 2) + '\n', 'RSA PKCS#8 in JSON string', 'KW101', true);
  const block = pem(ec(), 'sec1')
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  plant(
    'deploy/k8s/signing/secret.yaml',
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: release-signing\ntype: Opaque\nstringData:\n  tls.key: |\n${block}\n`,
    'EC SEC1 in Kubernetes Secret (YAML block scalar)',
    'KW101',
    true,
  );
  const b64 = Buffer.from(pem(ed25519(), 'pkcs8')).toString('base64');
  plant(
    'deploy/k8s/gateway/tls-secret.yaml',
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gateway-tls\ntype: kubernetes.io/tls\ndata:\n  tls.key: ${b64}\n`,
    'Ed25519 PKCS#8 base64 in Kubernetes Secret data',
    'KW101',
    true,
  );
  const vendored = pem(rsa(), 'pkcs1').trimEnd().replace(/\n/g, '\\n');
  plant(
    'node_modules/@acme/jwt-helpers/test/fixtures/keys.js',
    `'use strict';\n// Fixture key used by the tests of this package.\nmodule.exports.privateKey = "${vendored}\\n";\nmodule.exports.algorithm = 'RS256';\n`,
    'RSA PKCS#1 in a vendored JS string',
    'KW101',
    true,
  );

  // Insecure Sigstore configurations (Keyward only).
  plant(
    '.github/workflows/release.yml',
    `name: release\non:\n  push:\n    tags: ['v*']\npermissions:\n  contents: read\njobs:\n  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: sigstore/cosign-installer@dc72c7d5c4d10cd6bcb8cf6e3fd625a9e5e537da # v3.7.0\n      - name: Sign the image\n        env:\n          COSIGN_PASSWORD: "hunter2-release"\n        run: cosign sign --yes --key cosign.key ghcr.io/acme/app@\${{ steps.build.outputs.digest }}\n`,
    'workflow: cosign sign --key with a literal COSIGN_PASSWORD',
    'KW203',
    false,
  );
  planted.push({ path: '.github/workflows/release.yml', kind: 'workflow: signs with a long-lived key', ruleId: 'KW201', key: false });
  plant(
    '.github/workflows/verify.yml',
    `name: verify\non: [workflow_dispatch]\npermissions:\n  contents: read\njobs:\n  verify:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cosign verify --certificate-identity-regexp '.*' --certificate-oidc-issuer https://token.actions.githubusercontent.com ghcr.io/acme/app:latest\n`,
    "workflow: --certificate-identity-regexp '.*'",
    'KW303',
    false,
  );
  plant(
    'scripts/release/verify-blob.sh',
    `#!/usr/bin/env bash\nset -euo pipefail\ncosign verify-blob --key cosign.pub --insecure-ignore-tlog --signature dist/app.sig dist/app.tar.gz\n`,
    'script: verify-blob --insecure-ignore-tlog',
    'KW305',
    false,
  );
  plant(
    'build/Dockerfile.release',
    `FROM gcr.io/projectsigstore/cosign:v2.2.3 AS cosign\nFROM debian:bookworm-slim\nCOPY --from=cosign /ko-app/cosign /usr/local/bin/cosign\n`,
    'Dockerfile: vulnerable pinned cosign image v2.2.3',
    'KW701',
    false,
  );
  plant(
    'services/verifier/package.json',
    JSON.stringify({ name: 'verifier', version: '1.0.0', private: true, dependencies: { sigstore: '4.1.0', express: '4.21.2' } }, null, 2) + '\n',
    'package.json: vulnerable sigstore 4.1.0',
    'KW701',
    false,
  );
  return { files, planted, notes };
}
