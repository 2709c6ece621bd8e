// The three scanners and exactly what each is asked to do. Every tool runs on the same generated tree;
// none honours a .gitignore (the tree has none, and ripgrep is told --no-ignore). Each run function
// returns the measurement plus the set of planted entries it found.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { timeCommand } from './measure.mjs';

/** Files above this size are skipped by Keyward by default; ripgrep and the secretlint sample use the same cap. */
export const MAX_FILE_SIZE = 2 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Setup: install what is missing through the ordinary clients.

export function ensureAptTool(binary, aptPackage, log) {
  if (spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0) return true;
  log(`${binary} is missing: apt-get install -y ${aptPackage}`);
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', aptPackage], { stdio: 'inherit' }).status === 0;
  if (install()) return true;
  spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
  return install();
}

export function ensureSecretlint(toolsDir, log) {
  const bin = join(toolsDir, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  if (!existsSync(bin)) {
    log(`installing secretlint into ${toolsDir} …`);
    mkdirSync(toolsDir, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(
      npm,
      [
        'install',
        '--prefix',
        toolsDir,
        '--no-save',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        'secretlint',
        '@secretlint/secretlint-rule-preset-recommend',
      ],
      { stdio: 'inherit' },
    );
    if (install.status !== 0 || !existsSync(bin)) return undefined;
  }
  const rc = join(toolsDir, '.secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2) + '\n');
  const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout.trim();
  return { bin, rc, version };
}

// ---------------------------------------------------------------------------------------------------
// Keyward

/** What `keyward help` offers: the bench uses --cache / --jobs only when the CLI has them. */
export function keywardCapabilities(cli) {
  const help = spawnSync(process.execPath, [cli, 'help'], { encoding: 'utf8' }).stdout ?? '';
  const cache = help.match(/(?<![\w-])(--cache(?:-[a-z]+)*)(?:[ =]([A-Z][A-Z_]*))?/);
  return {
    cache: cache ? { flag: cache[1], takesFile: Boolean(cache[2]) } : null,
    noCache: /--no-cache\b/.test(help),
    jobs: /--jobs\b/.test(help),
    noRg: /--no-rg\b/.test(help),
    rg: /(?<![\w-])--rg\b/.test(help),
  };
}

export function keywardArgs(cli, extra = []) {
  return [cli, 'scan', '--format', 'json', '--fail-on', 'none', ...extra, '.'];
}

export function runKeyward(cli, tree, planted, extra = []) {
  const result = timeCommand(process.execPath, keywardArgs(cli, extra), { cwd: tree });
  if (result.status !== 0) throw new Error(`keyward scan exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  const report = JSON.parse(result.stdout);
  const found = new Set(report.findings.map((f) => `${f.path}\0${f.ruleId}`));
  const hits = planted.filter((p) => found.has(`${p.path}\0${p.ruleId}`));
  const plantedPaths = new Set(planted.map((p) => p.path));
  return {
    ...measurement(result),
    filesScanned: report.summary?.filesScanned,
    skipped: report.summary?.skipped,
    findings: report.findings.length,
    outsidePlanted: report.findings.filter((f) => !plantedPaths.has(f.path)).length,
    hits,
  };
}

// ---------------------------------------------------------------------------------------------------
// ripgrep: the physical floor, one regex for private-key headers.

export const RG_PATTERN = '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----';
export const rgArgs = () => ['-l', '--no-ignore', '--hidden', '--no-messages', '--max-filesize', '2M', '-e', RG_PATTERN, '.'];

export function runRipgrep(tree, planted) {
  const result = timeCommand('rg', rgArgs(), { cwd: tree });
  // rg exits 1 when nothing matched; 2 is an error.
  if (result.status !== 0 && result.status !== 1) throw new Error(`rg exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  const files = new Set(
    result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/^\.\//, '')),
  );
  const plantedPaths = new Set(planted.map((p) => p.path));
  return {
    ...measurement(result),
    matchedFiles: files.size,
    outsidePlanted: [...files].filter((f) => !plantedPaths.has(f)).length,
    hits: planted.filter((p) => files.has(p.path)),
  };
}

// ---------------------------------------------------------------------------------------------------
// secretlint: the JavaScript peer, recommended preset, per-file JSON results.

/**
 * Runs secretlint on `files` (relative paths, given literally with --no-glob: its own "**\/*" glob would skip
 * node_modules/). Long lists run in chunks, to stay under the command-line length limit: wall times add
 * up, peak RSS is the largest chunk's. A planted key counts as found when secretlint reports any message
 * for its file.
 */
export function runSecretlint(secretlint, tree, planted, files, outFile) {
  const flagged = new Set();
  let wall = 0;
  let rssMB = null;
  for (let at = 0; at < files.length; at += SECRETLINT_CHUNK) {
    rmSync(outFile, { force: true });
    const chunk = files.slice(at, at + SECRETLINT_CHUNK);
    const result = timeCommand(
      process.execPath,
      [secretlint.bin, '--secretlintrc', secretlint.rc, '--format', 'json', '--output', outFile, '--no-glob', ...chunk],
      { cwd: tree },
    );
    if (!existsSync(outFile)) throw new Error(`secretlint exited ${result.status} without a report: ${result.stderr.slice(0, 2000)}`);
    const report = JSON.parse(readFileSync(outFile, 'utf8'));
    // The report quotes each flagged file's content (planted keys included): do not leave it lying around.
    rmSync(outFile, { force: true });
    for (const r of report) if (r.messages?.length) flagged.add(relative(tree, r.filePath).split('\\').join('/'));
    wall += result.wall;
    if (result.rssMB !== null) rssMB = Math.max(rssMB ?? 0, result.rssMB);
  }
  const plantedPaths = new Set(planted.map((p) => p.path));
  return {
    wall,
    rssMB,
    chunks: Math.ceil(files.length / SECRETLINT_CHUNK),
    flaggedFiles: flagged.size,
    outsidePlanted: [...flagged].filter((f) => !plantedPaths.has(f)).length,
    hits: planted.filter((p) => flagged.has(p.path)),
  };
}

const SECRETLINT_CHUNK = 4_000;

function measurement(result) {
  return { wall: result.wall, rssMB: result.rssMB };
}
