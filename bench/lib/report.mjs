// Printing: the machine, the side-by-side table, ratios, latency, bundles, editor figures and the
// target checks of issue #8. Sizes are decimal (1 MB = 1,000,000 bytes) everywhere.
import { execSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export const mb = (bytes) => bytes / 1e6;
const fixed = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const count = (value) => (value === null || value === undefined ? '—' : Math.round(value).toLocaleString('en'));

export function machine() {
  let cpuCount = cpus().length;
  try {
    cpuCount = Number(execSync('nproc', { encoding: 'utf8' }).trim()) || cpuCount;
  } catch {
    // nproc missing: os.cpus() is close enough.
  }
  return {
    nproc: cpuCount,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    ramGB: Number((totalmem() / 1e9).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavg: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** A plain text table: `rows` are arrays of strings; `align` has one letter per column, `l` or `r`. */
export function table(header, rows, align = '') {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (align[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One row of the tools table from a summary { label, files, bytes, wall, rssMB, recallKeys, recallConfigs }. */
export function toolRow(s) {
  const recall = (r) => (r ? `${r.found}/${r.total}` : '—');
  return [
    s.label,
    count(s.files),
    fixed(mb(s.bytes), 0),
    `${fixed(s.wall)} s`,
    count(s.files / s.wall),
    fixed(mb(s.bytes) / s.wall, 1),
    s.rssMB === null || s.rssMB === undefined ? '—' : `${fixed(s.rssMB, 0)} MB`,
    recall(s.recallKeys),
    recall(s.recallConfigs),
  ];
}

export const TOOL_HEADER = ['tool', 'files', 'MB', 'wall (median)', 'files/s', 'MB/s', 'peak RSS', 'keys found', 'configs found'];
export const TOOL_ALIGN = 'lrrrrrrrr';

export function printLatency(rows) {
  return table(
    ['size', 'document', 'bytes', 'runs', 'findings', 'p50', 'p95', 'CPU p50'],
    rows.map((r) => [
      r.size,
      r.kind,
      count(r.bytes),
      String(r.iterations),
      String(r.findings),
      `${fixed(r.p50, 3)} ms`,
      `${fixed(r.p95, 3)} ms`,
      r.cpu50 === undefined ? 'n/a' : `${fixed(r.cpu50, 3)} ms`,
    ]),
    'llrrrrrr',
  );
}

export function printTargets(targets, title = 'target (issue #8)') {
  return table(
    [title, 'measured', 'result'],
    targets.map((t) => [t.name, t.measured, t.status + (t.note ? ` (${t.note})` : '')]),
  );
}

/** PASS/MISS from a measured value, or n/a when it could not be measured. */
export function check(name, value, passes, measured, note) {
  if (value === null || value === undefined || Number.isNaN(value)) return { name, measured: measured ?? 'n/a', status: 'n/a', note };
  return { name, measured, status: passes(value) ? 'PASS' : 'MISS', note };
}
