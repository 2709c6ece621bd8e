/**
 * "Keys first" (issue 18, editor): ripgrep names the files a key rule could report on, and those are scanned
 * before the full scan. The candidates must hold every file the full scan reports a key in (every key kind
 * here), the early findings must be exactly the full scan's for those files (so the editor can show them and
 * let the full result replace them without a flicker), and the phase keeps the scan's trust rules: a PATH
 * ripgrep never runs in an untrusted workspace, and cancellation stops it.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { parseNulPaths } from '../../../../src/engine/discovery/rg-file-lists';
import { resolveRipgrepExecutable } from '../../../../src/engine/process/git-executable';
import { findKeyCandidates, scanKeysFirst } from '../../../../src/engine/scan/keys-first';
import { scanWorkspace, type WorkspaceScanOptions } from '../../../../src/engine/scan/workspace-scan';
import { ruleById } from '../../../../src/engine/rules/registry';
import type { Finding, Logger } from '../../../../src/engine/types';
import { generateAgentKey, generateBinaryKeyring } from '../../../helpers/gpg-keys';
import {
  asJsonString,
  asKubernetesSecret,
  generateCosignKey,
  generateEncryptedPkcs8,
  generateOpenSshKey,
  generatePemKey,
  generatePgpKey,
  pemBody,
} from '../../../helpers/keys';
import { ageKey, certifiedKey, jksBytes, jwkKey, minisignKey, pkcs12Bytes, puttyKey } from '../../../helpers/nonpem-keys';
import { testGit } from '../../../helpers/temp-tree';
import { buildMixedWorkspace, MIXED_EXCLUDES, SMALL_CAP, tempRoot, writeTree } from '../../../helpers/workspace-shapes';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const RG = resolveRipgrepExecutable(process.cwd());
const skipWithoutRg = RG === undefined ? 'ripgrep (rg) is not installed: .ci/run installs it' : false;
const GIT = resolveGit();

function resolveGit(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir !== '' && existsSync(path.join(dir, 'git'))) return path.join(dir, 'git');
  }
  return undefined;
}

/** A PEM key with its body cut short: armour that does not decode (KW100). */
function truncatedPem(): string {
  const text = generatePemKey('rsa-pkcs1').text;
  const body = pemBody(text).slice(0, 300);
  return `-----BEGIN RSA PRIVATE KEY-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
}

/** One file for each key rule (and for each way a key hides: base64 in a Secret, a JSON string), plus decoys. */
function buildEveryKeyKind(): string {
  const root = tempRoot(made, 'keyward-keys-first-');
  const ec = generatePemKey('ec-sec1').text;
  const agent = generateAgentKey();
  writeTree(root, {
    'certs/ec.pem': ec,
    'certs/encrypted.pem': generateEncryptedPkcs8().text,
    'cosign.key': generateCosignKey().text,
    'release/private.asc': generatePgpKey({ bits: 1024 }).text,
    'keys/secring.gpg': generateBinaryKeyring([{ primary: 'plain' }], { bits: 1024 }).bytes,
    [`home/.gnupg/private-keys-v1.d/${agent.keygrip}.key`]: agent.bytes,
    'deploy/id_ed25519': generateOpenSshKey().text,
    'signing/minisign.key': minisignKey({ encrypted: false }).text,
    'age/keys.txt': ageKey().file,
    'jwk/signing.json': `${JSON.stringify(jwkKey('ec-p256').jwk)}\n`,
    'android/release.p12': pkcs12Bytes({ withKey: true, encryptedCertificates: true, password: 'not-a-default' }).bytes,
    'android/app.jks': jksBytes([{ kind: 'key', certificate: certifiedKey().certificate }], 'not-a-default'),
    'putty/id.ppk': puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false }).text,
    'broken/truncated.pem': truncatedPem(),
    'k8s/secret.yaml': asKubernetesSecret('signing', 'tls.key', generatePemKey('ec-pkcs8').text),
    'config/app.json': `{ "signingKey": ${asJsonString(generatePemKey('ed25519-pkcs8').text)} }\n`,
    'suppressed/demo.pem': generatePemKey('ec-pkcs8').text,
    '.keywardignore': 'suppressed/demo.pem KW101 reason: test fixture, never used\n',
    // Decoys: an anchor without a key (a candidate, nothing found), plain text and a binary (not candidates).
    'docs/notes.md': 'Paste the key after the -----BEGIN line.\n',
    'docs/placeholder.pem': 'put your certificate here\n',
    'src/app.js': 'console.log("hello");\n',
    'README.md': '# Nothing to see\n',
    'img/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
    '.github/workflows/release.yml':
      'on: push\njobs:\n  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cosign sign --key cosign.key ghcr.io/o/i\n',
  });
  return root;
}

const isKeyFinding = (finding: Finding): boolean => ruleById(finding.ruleId)?.meta.kind === 'key';

/** Findings (and suppressed findings) by file, as JSON: what the editor would show for each. */
function byFile(findings: readonly Finding[]): Map<string, string> {
  const files = new Map<string, Finding[]>();
  for (const finding of findings) files.set(finding.path, [...(files.get(finding.path) ?? []), finding]);
  return new Map([...files].map(([file, list]) => [file, JSON.stringify(list)]));
}

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { logger: { trace() {}, debug: keep, info: keep, warn: keep, error: keep }, lines };
}

/** Asserts the early result reports, for each file it covers, exactly what the full scan reports for it. */
function assertEarlyMatchesFull(early: { findings: readonly Finding[]; suppressed?: readonly Finding[] }, full: typeof early): void {
  for (const kind of ['findings', 'suppressed'] as const) {
    const fullByFile = byFile(full[kind] ?? []);
    for (const [file, findings] of byFile(early[kind] ?? [])) assert.equal(findings, fullByFile.get(file), `${kind} of ${file} differ from the full scan's`);
  }
}

test(
  'the key candidates are exactly the files the full scan reports keys in, plus files with an anchor or a key-like name but no key',
  { skip: skipWithoutRg },
  async () => {
    const root = buildEveryKeyKind();
    const full = await scanWorkspace({ root, trusted: true });
    const keyFindings = [...full.findings, ...(full.suppressed ?? [])].filter(isKeyFinding);
    const keyFiles = [...new Set(keyFindings.map((f) => f.path))].sort();
    // The fixture really holds every key kind: otherwise the comparison proves less than it claims.
    const ruleIds = new Set(keyFindings.map((f) => f.ruleId));
    for (const id of ['KW100', 'KW101', 'KW102', 'KW103', 'KW104', 'KW105', 'KW106', 'KW107', 'KW108', 'KW109']) assert.ok(ruleIds.has(id), `no ${id} finding`);
    for (const file of ['keys/secring.gpg', 'android/release.p12', 'android/app.jks', 'k8s/secret.yaml', 'config/app.json'])
      assert.ok(keyFiles.includes(file), file);

    const candidates = await findKeyCandidates({ choice: 'path', root, trusted: true });
    // Plus the files that only have an anchor, or only a key-like name: each is read early, and found clean.
    assert.deepEqual(candidates, [...keyFiles, 'docs/notes.md', 'docs/placeholder.pem'].sort());
  },
);

test(
  'the early scan reports, for each key file, exactly what the full scan reports (git state and suppressions too)',
  { skip: skipWithoutRg || !GIT },
  async () => {
    const root = buildEveryKeyKind();
    testGit(GIT!, root, ['init', '-q']);
    testGit(GIT!, root, ['add', 'certs', 'cosign.key', 'release']);
    testGit(GIT!, root, ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'keys']);
    const options: WorkspaceScanOptions = { root, trusted: true, ripgrep: 'path' };
    const streamed: Finding[] = [];
    const stages: [string, readonly string[]][] = [];
    const early = await scanKeysFirst({ ...options, onFindings: (findings) => streamed.push(...findings) }, (stage, candidates) =>
      stages.push([stage, candidates]),
    );
    const full = await scanWorkspace(options);
    assert.ok(early, 'an early phase ran');
    assert.equal(early.cancelled, true, 'it covers some files only: a host must not clear other files for it');
    assert.deepEqual(
      [...early.findings, ...(early.suppressed ?? [])].map((f) => f.path).sort(),
      [...full.findings, ...(full.suppressed ?? [])]
        .filter(isKeyFinding)
        .map((f) => f.path)
        .sort(),
      'every key the full scan finds here, the early scan finds',
    );
    assertEarlyMatchesFull(early, full);
    // Files named like keys come first (no content read to name them), then every candidate.
    assert.deepEqual(
      stages.map(([stage]) => stage),
      ['named', 'all'],
    );
    const named = stages[0]![1];
    for (const file of ['certs/ec.pem', 'cosign.key', 'android/release.p12', 'android/app.jks', 'keys/secring.gpg', 'deploy/id_ed25519', 'putty/id.ppk'])
      assert.ok(named.includes(file), `${file} is named like a key`);
    for (const file of ['config/app.json', 'k8s/secret.yaml', 'age/keys.txt']) assert.ok(!named.includes(file), `${file} is found by its content only`);
    assert.equal(early.filesScanned, new Set(stages[1]![1]).size, 'each candidate is scanned once');
    assert.deepEqual(
      streamed.map((f) => f.fingerprint).sort(),
      early.findings.map((f) => f.fingerprint).sort(),
      'findings are streamed as found, with the same content',
    );
    // Not a comparison of two results without git state: committed keys say so.
    assert.ok(early.findings.some((f) => f.path === 'certs/ec.pem' && f.committed === true));
    assert.deepEqual(
      early.suppressed?.map((f) => f.path),
      ['suppressed/demo.pem'],
    );
  },
);

test(
  'on every workspace shape (ignore files, excludes, links, FIFOs, size cap) the early scan reports only what the full scan does',
  { skip: skipWithoutRg },
  async () => {
    const { root } = buildMixedWorkspace(made);
    const options: WorkspaceScanOptions = { root, trusted: true, exclude: MIXED_EXCLUDES, maxFileSize: SMALL_CAP, ripgrep: 'path' };
    const early = await scanKeysFirst(options);
    const full = await scanWorkspace(options);
    assert.ok(early && early.findings.length > 0, 'the early scan found keys');
    assertEarlyMatchesFull(early, full);
    const fullFiles = new Set([...full.findings, ...(full.suppressed ?? [])].map((f) => f.path));
    for (const finding of early.findings) assert.ok(fullFiles.has(finding.path), `${finding.path}: reported early, not by the full scan`);
    const earlyFiles = new Set(early.findings.map((f) => f.path));
    for (const hidden of ['excluded/key.pem', 'also-excluded.pem', 'build/out.pem', 'other.log', 'nested/local-a.pem', 'link-outside.pem', 'big/large.pem'])
      assert.ok(!earlyFiles.has(hidden), `${hidden} is not scanned by the full scan either`);
    for (const shown of ['src/key.pem', 'keep.log', 'nested/deeper/fine.pem', '.hidden/dir/id.pem', 'utf16/key.txt', '.env'])
      assert.ok(earlyFiles.has(shown), `${shown} is found early`);
  },
);

/** A stand-in ripgrep outside the workspace: records that it ran, then behaves as told. */
function fakeRipgrep(body: string): { dir: string; executable: string; marker: string } {
  const dir = tempRoot(made, 'keyward-fake-rg-');
  const marker = path.join(dir, 'ran');
  const executable = path.join(dir, 'rg');
  writeFileSync(executable, `#!/bin/sh\necho ran >> "${marker}"\n${body}\n`);
  chmodSync(executable, 0o755);
  return { dir, executable, marker };
}

test('untrusted: ripgrep from PATH never starts; the editor-bundled binary does, and finds the keys', async () => {
  const root = buildEveryKeyKind();
  const fake = fakeRipgrep('exit 1');
  const savedPath = process.env['PATH'];
  process.env['PATH'] = `${fake.dir}:${savedPath ?? ''}`;
  try {
    assert.equal(await scanKeysFirst({ root, trusted: false, ripgrep: 'path' }), undefined);
    assert.equal(existsSync(fake.marker), false, 'a program from PATH ran in an untrusted workspace');
    // Positive control: trusted, the same PATH entry is run.
    await findKeyCandidates({ choice: 'path', root, trusted: true });
    assert.equal(existsSync(fake.marker), true, 'the stand-in was not run when trusted: the check above proves nothing');
  } finally {
    process.env['PATH'] = savedPath;
  }
  if (RG === undefined) return;
  const options: WorkspaceScanOptions = { root, trusted: false, ripgrep: { bundled: RG } };
  const early = await scanKeysFirst(options);
  const full = await scanWorkspace(options);
  assert.ok(early && early.findings.some((f) => f.path === 'certs/ec.pem'));
  assertEarlyMatchesFull(early, full);
  // Untrusted, the repository's .keywardignore does not hide a key, early or late.
  assert.ok(early.findings.some((f) => f.path === 'suppressed/demo.pem'));
});

test('cancellation stops ripgrep and ends the phase without findings', { timeout: 15_000 }, async () => {
  const root = buildEveryKeyKind();
  const fake = fakeRipgrep('sleep 30');
  const cancellation = { isCancellationRequested: false };
  const { logger, lines } = recordingLogger();
  const pending = scanKeysFirst({ root, trusted: true, ripgrep: { bundled: fake.executable }, cancellation, logger });
  await new Promise((resolve) => setTimeout(resolve, 100));
  cancellation.isCancellationRequested = true;
  assert.equal(await pending, undefined);
  assert.ok(existsSync(fake.marker), 'the stand-in ripgrep was started');
  assert.ok(!lines.some((line) => line.includes('could not list')), `a cancelled listing is not a failure:\n${lines.join('\n')}`);
  // Already cancelled: nothing starts.
  rmSync(fake.marker);
  assert.equal(await scanKeysFirst({ root, trusted: true, ripgrep: { bundled: fake.executable }, cancellation }), undefined);
});

test('a failing ripgrep only costs the head start: no early phase, no error', async () => {
  const root = buildEveryKeyKind();
  const { logger, lines } = recordingLogger();
  const fake = fakeRipgrep('echo garbage; exit 7');
  assert.equal(await scanKeysFirst({ root, trusted: true, ripgrep: { bundled: fake.executable }, logger }), undefined);
  assert.ok(
    lines.some((line) => line.includes('could not list key candidates')),
    lines.join('\n'),
  );
  assert.equal(await scanKeysFirst({ root, trusted: true }), undefined, 'without ripgrep there is no early phase');
  assert.equal(await scanKeysFirst({ root, trusted: true, ripgrep: 'path', paths: ['certs/ec.pem'] }), undefined, 'explicit paths are the scan itself');
});

test("ripgrep's NUL-delimited paths: relative, UTF-8, no way out of the root", () => {
  const output = Buffer.concat([
    Buffer.from('./a/b.pem\0./with space/x\0./new\nline\0/abs\0./x/../y\0./latin1-'),
    Buffer.from([0xe9, 0]),
    Buffer.from('./c\0'),
  ]);
  assert.deepEqual(parseNulPaths(output), ['a/b.pem', 'with space/x', 'new\nline', 'c']);
  assert.deepEqual(parseNulPaths(Buffer.alloc(0)), []);
  assert.throws(() => parseNulPaths(Buffer.from('./a\0./b')), /truncated/);
});
