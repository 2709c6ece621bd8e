// `--profile`: where the time goes. A V8 CPU profile of one `keyward scan` of the tree (an unminified CLI
// bundle built from src/, so function names survive) and of the single-document check on the slowest
// document, each summarised as the functions with the most self time. The .cpuprofile files are kept
// in bench/.work/profile/ for Chrome DevTools or VS Code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, join } from 'node:path';

/** The `count` functions with the most self time: [{ name, where, ms, percent }]. */
export function topFunctions(profile, count = 15) {
  const total = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples?.length || 1;
  const self = new Map();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}\0${url ? `${basename(url)}:${lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + ((node.hitCount ?? 0) * total) / samples);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => {
      const [name, where] = key.split('\0');
      return { name, where, ms, percent: (100 * ms) / total };
    });
}

/** Profiles one scan of `tree` with an unminified CLI bundle; returns { file, top } or { na }. */
export async function profileCliScan(root, dir, tree) {
  const esbuild = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const cli = join(dir, 'cli-unminified.js');
  await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: cli,
    logLevel: 'error',
  });
  for (const old of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && f.startsWith('CPU.'))) rmSync(join(dir, old));
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, cli, 'scan', '--format', 'json', '--fail-on', 'none', '.'], {
    cwd: tree,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const written = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && f.startsWith('CPU.'));
  if (run.status !== 0 || written.length === 0) return { na: `profile: the scan exited ${run.status}` };
  const file = join(dir, 'scan.cpuprofile');
  const text = readFileSync(join(dir, written[0]), 'utf8');
  rmSync(join(dir, written[0]));
  writeFileSync(file, text);
  return { file, top: topFunctions(JSON.parse(text)) };
}

/** Profiles `work()` in this process (the inspector's sampling profiler); returns { file, top }. */
export async function profileInProcess(dir, name, work) {
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  work();
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { file, top: topFunctions(profile) };
}
