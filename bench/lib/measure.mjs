// Running a command and measuring it: wall time (performance.now around the child) and peak RSS (GNU
// time's %M, the child's maximum resident set in KiB; worker threads are inside the process, so they
// count). Without GNU time the peak RSS is reported as unknown, never guessed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

let gnuTime;

/** Whether GNU time works here (checked again after a failed check, since the caller may install it). */
export function hasGnuTime() {
  if (!gnuTime) gnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
  return gnuTime;
}

/** Runs `command args` (in `env` when given, else this process's) and returns { wall (s), rssMB and cpu (user + system s; null without GNU time), status, stdout, stderr }. */
export function timeCommand(command, args, { cwd, env, useTime = hasGnuTime() } = {}) {
  const rssFile = join(tmpdir(), `keyward-bench-rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const run = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = (performance.now() - started) / 1000;
  let rssMB = null;
  let cpu = null;
  if (useTime && existsSync(rssFile)) {
    // On a non-zero exit GNU time writes "Command exited with non-zero status N" first; ours is the last line.
    const [user, system, kib] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    if (Number.isFinite(kib)) rssMB = kib / 1024;
    if (Number.isFinite(user) && Number.isFinite(system)) cpu = user + system;
    rmSync(rssFile, { force: true });
  }
  if (run.error) throw new Error(`${command} could not run: ${run.error.message}`);
  return { wall, rssMB, cpu, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Drops the page cache (Linux, root) so the next run reads from disk. Returns false when refused (most
 * containers mount /proc/sys read-only): the caller then reports the cold run as not measurable.
 */
export function dropCaches() {
  try {
    spawnSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}
