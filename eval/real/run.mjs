#!/usr/bin/env node
// Real-repository precision suite (`npm run eval:real`, not part of `npm test`).
//
// Scans each repository of manifest.json, already extracted under --fetch-dir (see extract.mjs), with the BUILT CLI
// (`node dist/cli.js scan --format json --untrusted`), matches every finding against triage.json and prints precision
// per rule group. Why --untrusted: an extracted tree has no .git, so a trusted scan would only try git and fall back;
// --untrusted gives the same findings without running any program on third-party content, and `committed` is
// unknown either way.
//
// A triage entry matches a finding by repo + path + rule + fingerprint (line-independent: rule, path and the finding's
// non-secret identity). Verdicts: "tp" (true positive), "fp" (false positive), "fn" (a finding a correct scanner
// would report here that Keyward misses: it counts against recall, with no fingerprint).
//
// Options: --fetch-dir DIR (or KEYWARD_REAL_FETCH_DIR), --cli FILE (default dist/cli.js), --only REPO,
// --write-untriaged FILE (untriaged findings as triage entries with verdict null, to fill in), --json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const fetchDirOption = option('--fetch-dir') ?? process.env.KEYWARD_REAL_FETCH_DIR;
if (!fetchDirOption) {
  console.error('eval:real needs the extracted repositories: --fetch-dir DIR or KEYWARD_REAL_FETCH_DIR (see eval/real/README.md).');
  process.exit(2);
}
const fetchDir = resolve(fetchDirOption);
const cli = resolve(option('--cli') ?? join(here, '..', '..', 'dist', 'cli.js'));
if (!existsSync(cli)) {
  console.error(`the built CLI is missing: ${cli} (run node scripts/build.mjs --production)`);
  process.exit(2);
}
const only = option('--only');
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const triage = JSON.parse(readFileSync(join(here, 'triage.json'), 'utf8'));

/** KW1xx keys, KW2xx-KW6xx configuration, KW7xx versions. */
export function ruleGroup(ruleId) {
  const n = Number(ruleId.slice(2));
  if (n < 200) return 'keys';
  if (n < 700) return 'configuration';
  return 'versions';
}

const key = (e) => `${e.repo}\u0000${e.path}\u0000${e.rule}\u0000${e.fingerprint}`;
const verdicts = new Map(triage.findings.filter((e) => e.verdict !== 'fn').map((e) => [key(e), e]));
const groups = Object.fromEntries(['keys', 'configuration', 'versions'].map((g) => [g, { tp: 0, fp: 0, untriaged: 0, lostTp: 0, fn: 0 }]));
const missing = [];
const untriaged = [];
const seen = new Set();
const perRepo = [];

for (const entry of manifest.repos) {
  if (only && entry.repo !== only) continue;
  const tree = join(fetchDir, entry.repo.replace('/', '+'));
  if (!existsSync(tree)) {
    missing.push(entry.repo);
    continue;
  }
  const report = scan(tree);
  let tp = 0,
    fp = 0,
    open = 0;
  for (const f of report.findings) {
    const id = { repo: entry.repo, path: f.path, rule: f.ruleId, fingerprint: f.fingerprint };
    const verdict = verdicts.get(key(id));
    const group = groups[ruleGroup(f.ruleId)];
    if (!verdict) {
      group.untriaged++;
      open++;
      untriaged.push({ ...id, line: f.start.line, severity: f.severity, message: f.message, verdict: null, reason: '' });
      continue;
    }
    seen.add(key(id));
    if (verdict.verdict === 'tp') {
      group.tp++;
      tp++;
    } else {
      group.fp++;
      fp++;
    }
  }
  perRepo.push({ repo: entry.repo, findings: report.findings.length, tp, fp, untriaged: open, files: report.summary.filesScanned });
}

// Triaged true positives no longer reported are recall losses; "fn" entries are known misses.
const scanned = new Set(perRepo.map((r) => r.repo));
const lost = [];
for (const e of triage.findings) {
  if (!scanned.has(e.repo)) continue;
  if (e.verdict === 'fn') groups[ruleGroup(e.rule)].fn++;
  else if (e.verdict === 'tp' && !seen.has(key(e))) {
    groups[ruleGroup(e.rule)].lostTp++;
    lost.push(e);
  }
}

const summary = Object.fromEntries(
  Object.entries(groups).map(([name, g]) => {
    const judged = g.tp + g.fp;
    const relevant = g.tp + g.lostTp + g.fn;
    return [name, { ...g, precision: judged ? round(g.tp / judged) : null, recall: relevant ? round(g.tp / relevant) : null }];
  }),
);

if (args.includes('--json')) {
  console.log(JSON.stringify({ summary, perRepo, missing, untriaged: untriaged.length, lostTruePositives: lost }, null, 2));
} else {
  for (const r of perRepo)
    console.log(
      `${r.repo.padEnd(40)} files ${String(r.files).padStart(5)}  findings ${String(r.findings).padStart(4)}  tp ${String(r.tp).padStart(4)}  fp ${String(r.fp).padStart(3)}  untriaged ${r.untriaged}`,
    );
  console.log('');
  for (const [name, g] of Object.entries(summary)) {
    console.log(
      `${name.padEnd(14)} precision ${fmt(g.precision)}  (tp ${g.tp}, fp ${g.fp})  recall ${fmt(g.recall)}  (lost tp ${g.lostTp}, known misses ${g.fn})  untriaged ${g.untriaged}`,
    );
  }
  console.log(`untriaged findings: ${untriaged.length}`);
  for (const e of lost) console.log(`lost true positive: ${e.repo} ${e.path} ${e.rule} (${e.reason})`);
  if (missing.length) console.log(`MISSING repositories (not under ${fetchDir}; run eval/real/extract.mjs): ${missing.join(', ')}`);
}
const untriagedOut = option('--write-untriaged');
if (untriagedOut) writeFileSync(untriagedOut, JSON.stringify(untriaged, null, 2) + '\n');
process.exitCode = missing.length || untriaged.length || lost.length ? 1 : 0;

function scan(tree) {
  try {
    return JSON.parse(execFileSync(process.execPath, [cli, 'scan', '--format', 'json', '--untrusted', tree], { maxBuffer: 1 << 28 }).toString('utf8'));
  } catch (error) {
    // Exit code 1 means "findings at or above --fail-on": the report is still on stdout.
    if (error.status === 1 && error.stdout) return JSON.parse(error.stdout.toString('utf8'));
    throw error;
  }
}
function round(x) {
  return Math.round(x * 1000) / 1000;
}
function fmt(x) {
  return x === null ? '  -  ' : x.toFixed(3);
}
