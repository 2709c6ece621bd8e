// Helpers shared by the package checks (scripts/npm-package-check.mjs, scripts/pre-commit-check.mjs): they work on a
// copy of the repository as a fresh clone has it (no dist/, no out/), so that they prove the package builds itself.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A temporary folder, removed at exit unless KEYWARD_KEEP_TEMP=1. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env.KEYWARD_KEEP_TEMP !== '1') process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The environment for npm and the installed tools: the Node running this script first on PATH (the bin's
 * `#!/usr/bin/env node` and npm then use it), and none of the outer npm's settings (`npm test` exports
 * npm_config_* variables, e.g. a prefix, that would redirect the installs).
 */
export function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  env.PATH = `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}`;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs a command; returns its status and output. Never throws for a non-zero exit. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs a command that must succeed; throws with its output otherwise. */
export function mustRun(command, args, options = {}) {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result;
}

/**
 * Copies the repository's own files (tracked, plus new files that .gitignore does not exclude) into `target`,
 * as a fresh clone of the current working tree: no dist/, out/ or node_modules/. `linkNodeModules` links the
 * installed node_modules/ in, for builds that need the devDependencies without installing them again.
 */
export function copyRepository(target, { linkNodeModules = false } = {}) {
  const listed = mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT }).stdout.split('\0').filter(Boolean);
  for (const file of new Set(listed)) {
    const source = join(REPO_ROOT, file);
    if (!existsSync(source)) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(source, join(target, file), { verbatimSymlinks: true });
  }
  if (linkNodeModules) symlinkSync(join(REPO_ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
  return target;
}

/** Writes a freshly generated, unencrypted EC private key (PKCS#8 PEM) and returns its base64 body lines. */
export function writeGeneratedKey(file) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, pem);
  return pem.split('\n').filter((line) => line && !line.startsWith('-----'));
}

/** Fails the check with a message (and the output that explains it). */
export function expect(condition, message, output = '') {
  if (!condition) throw new Error(`${message}${output ? `\n--- output ---\n${output}` : ''}`);
  console.log(`  ✔ ${message}`);
}
