// The verdict of one hostile-input case run in its own process (bench/hostile-regexp.mjs, bench/hostile-keys.mjs):
// the child prints one JSON line {bytes, cpuMs, rssMb} last; the case passes when its CPU time is within a budget
// scaled by the input size and its peak memory within the limit.

/** Both scripts' defaults: a fixed allowance for start-up, and a case is killed after two minutes. */
export const BASE_CPU_MS = 1500;
export const KILL_AFTER_MS = 120_000;

/** `run` is spawnSync's result for the case; returns whether it passed and the line to print. */
export function budgetVerdict(run, { cpuMsPerMb, rssLimitMb }) {
  if (run.error || run.status !== 0) {
    const why = run.error ? `killed after ${KILL_AFTER_MS / 1000} s` : `exit ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
    return { ok: false, verdict: `FAIL (${why})` };
  }
  const m = JSON.parse(run.stdout.trim().split('\n').pop());
  const budget = BASE_CPU_MS + (cpuMsPerMb * m.bytes) / (1 << 20);
  const ok = m.cpuMs <= budget && m.rssMb <= rssLimitMb;
  const verdict = `${ok ? 'ok  ' : 'FAIL'} ${Math.round(m.cpuMs)} ms CPU (budget ${Math.round(budget)}), peak RSS ${Math.round(m.rssMb)} MB (limit ${rssLimitMb}), ${(m.bytes / (1 << 20)).toFixed(2)} MB input`;
  return { ok, verdict };
}
