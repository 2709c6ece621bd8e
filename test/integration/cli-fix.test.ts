import { strict as assert } from 'node:assert';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/verify-cli-build';
import { generatePemKey } from '../helpers/keys';

const WORKFLOW = `on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - name: Sign
        env:
          COSIGN_PRIVATE_KEY: \${{ secrets.COSIGN_PRIVATE_KEY }}
          COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}
        run: cosign sign --key env://COSIGN_PRIVATE_KEY "ghcr.io/acme/app@\${DIGEST}"
`;
const VERIFY = '#!/bin/sh\ncosign verify --insecure-ignore-tlog --key cosign.pub "ghcr.io/acme/app@$DIGEST"\n';

function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-fix-'));
  const files: Record<string, string> = {
    '.git/config': '[remote "origin"]\n\turl = https://github.com/acme/app.git\n',
    '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/main\n',
    '.github/workflows/release.yml': WORKFLOW,
    'scripts/verify.sh': VERIFY,
    'keys/signing.pem': generatePemKey('ec-pkcs8').text,
  };
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  chmodSync(path.join(root, 'scripts/verify.sh'), 0o755);
  return root;
}

function read(root: string, relative: string): string {
  return readFileSync(path.join(root, relative), 'utf8');
}

function scan(root: string, ...flags: string[]) {
  const run = runCli(['scan', '--untrusted', '--format', 'json', '--fail-on', 'none', ...flags, root]);
  assert.equal(run.status, 0, run.stderr);
  return {
    report: JSON.parse(run.stdout) as { findings: { ruleId: string; path: string }[]; fixed?: { path: string; fixes: string[] }[] },
    stderr: run.stderr,
  };
}

test('scan --fix applies the safe fixes only, keeps the file mode, leaves review fixes and key files alone, and is idempotent', (t) => {
  const root = workspace();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const keyBefore = read(root, 'keys/signing.pem');
  const { report, stderr } = scan(root, '--fix');
  assert.equal(
    read(root, 'scripts/verify.sh'),
    '#!/bin/sh\ncosign verify --key cosign.pub "ghcr.io/acme/app@$DIGEST"\n',
    'only the safe fix: --insecure-ignore-tlog removed',
  );
  assert.equal(read(root, '.github/workflows/release.yml'), WORKFLOW, 'the migration needs review: not applied by --fix');
  assert.equal(read(root, 'keys/signing.pem'), keyBefore, 'a key file is never edited');
  assert.equal(statSync(path.join(root, 'scripts/verify.sh')).mode & 0o777, 0o755);
  assert.deepEqual(report.fixed, [{ path: 'scripts/verify.sh', fixes: [report.fixed?.[0]?.fixes[0]] }]);
  assert.match(stderr, /fixed scripts\/verify\.sh: /);
  assert.ok(!report.findings.some((f) => f.ruleId === 'KW305'), 'the report lists what is left, not what was fixed');
  assert.ok(report.findings.some((f) => f.ruleId === 'KW101') && report.findings.some((f) => f.ruleId === 'KW201'));
  assert.deepEqual(readdirSync(path.join(root, 'scripts')), ['verify.sh'], 'no temporary file left behind');

  const again = scan(root, '--fix');
  assert.deepEqual(again.report.fixed, [], 'a second run changes nothing');
  assert.match(again.stderr, /0 fix\(es\) applied in 0 file\(s\)/);
});

test('scan --unsafe-fixes migrates to keyless with the identity of the tag-triggered workflow; a second run changes nothing', (t) => {
  const root = workspace();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  scan(root, '--unsafe-fixes');
  const workflow = read(root, '.github/workflows/release.yml');
  assert.match(workflow, /run: cosign sign --yes "ghcr\.io\/acme\/app@\$\{DIGEST\}"/);
  assert.match(workflow, /id-token: write/);
  assert.doesNotMatch(workflow, /COSIGN_PRIVATE_KEY|COSIGN_PASSWORD/);
  assert.equal(
    read(root, 'scripts/verify.sh'),
    '#!/bin/sh\ncosign verify --certificate-identity-regexp=\'^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/(?:tags/v[^/]*)$\' --certificate-oidc-issuer=https://token.actions.githubusercontent.com "ghcr.io/acme/app@$DIGEST"\n',
  );
  const before = { workflow, verify: read(root, 'scripts/verify.sh') };
  const again = scan(root, '--unsafe-fixes');
  assert.deepEqual(again.report.fixed, []);
  assert.deepEqual({ workflow: read(root, '.github/workflows/release.yml'), verify: read(root, 'scripts/verify.sh') }, before);
  assert.deepEqual(again.report.findings.map((f) => f.ruleId).sort(), ['KW101'], 'only the key is left: its remedy is rotation, not an edit');
});

test('scan --unsafe-fixes never writes placeholders, and never edits through a symlink', (t) => {
  const root = workspace();
  const outside = mkdtempSync(path.join(tmpdir(), 'keyward-fix-outside-'));
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  rmSync(path.join(root, '.git'), { recursive: true });
  writeFileSync(path.join(outside, 'target.sh'), VERIFY);
  symlinkSync(path.join(outside, 'target.sh'), path.join(root, 'scripts/linked.sh'));
  const { report, stderr } = scan(root, '--unsafe-fixes');
  assert.equal(read(outside, 'target.sh'), VERIFY, 'the file behind the link is untouched');
  assert.ok(lstatSync(path.join(root, 'scripts/linked.sh')).isSymbolicLink());
  assert.doesNotMatch(read(root, 'scripts/verify.sh'), /</, 'no remote: the identity fix would need placeholders, so it is left for a person');
  assert.match(read(root, 'scripts/verify.sh'), /--key cosign\.pub/);
  assert.ok(report.findings.some((f) => f.ruleId === 'KW301' && f.path === 'scripts/verify.sh'));
  assert.doesNotMatch(stderr, /linked\.sh: .*fixed/);
});

test('--fix cannot be combined with --history or --staged', () => {
  const run = runCli(['scan', '--fix', '--history']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--fix edits the working tree/);
});
