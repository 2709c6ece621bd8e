// The targets of issue #18, checked from `npm run bench`'s results: the full warm scan against ripgrep with the
// ripgrep prefilter (`--rg`; the CLI's default on more than two cores when `rg` is on PATH) and without it (`--no-rg`, pure Node), the
// unchanged re-scan in a trusted git work tree (measured by bench/rescan-git.mjs: the bench tree is no git
// repository, so its figure is read from that script's last results), and the first key in the editor
// (bench/editor.mjs, 30,000 files). The per-edit workflow re-checks are in the issue #8 table.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { check } from './report.mjs';

export function issue18Targets({ results, quick, rescanFile }) {
  const indicative = quick ? 'quick tree, indicative only' : undefined;
  // With ripgrep: `--rg` where the CLI has it (its default uses ripgrep only on more than two cores).
  const { ripgrep, keywardNoRg } = results.tools;
  const keyward = results.tools.keywardRg ?? results.tools.keyward;
  const withRgRatio = results.tools.keywardRg ? results.ratios.keywardRgOverRipgrep : results.ratios.keywardOverRipgrep;
  const versus = (tool) =>
    tool?.wall && ripgrep?.wall && `${(tool.wall / ripgrep.wall).toFixed(2)}× (${tool.wall.toFixed(2)} s vs ${ripgrep.wall.toFixed(2)} s)`;
  const list = [
    check('full warm scan ≤ 1.5× ripgrep, with ripgrep', withRgRatio, (v) => v <= 1.5, versus(keyward), indicative),
    check(
      'full warm scan ≤ 3× ripgrep, pure Node (--no-rg)',
      results.ratios.keywardNoRgOverRipgrep,
      (v) => v <= 3,
      keywardNoRg ? versus(keywardNoRg) : 'n/a (the CLI has no --no-rg)',
      indicative,
    ),
  ];
  for (const [how, pick] of [
    ['git alone', (commands) => commands[1]],
    ['watchman watching', (commands) => commands.find((c) => c.name.includes('watchman watching'))],
  ]) {
    const rescan = readRescan(rescanFile, pick);
    list.push(
      check(
        `unchanged re-scan ≤ 10% of a full scan (trusted git repo, ${how})`,
        rescan?.ratio,
        (v) => v <= 0.1,
        rescan
          ? `${(rescan.ratio * 100).toFixed(1)}% wall, ${(rescan.cpuRatio * 100).toFixed(1)}% CPU (${rescan.files.toLocaleString('en')} files)`
          : undefined,
        rescan ? `bench/rescan-git.mjs of ${rescan.when}, not this run` : 'run node bench/rescan-git.mjs (with watchman installed)',
      ),
    );
  }
  const editor = results.editor?.medians;
  const first = editor?.firstDiagnosticsMs;
  const files = results.editor?.workspace?.files;
  list.push(
    check(
      'first key in the editor ≤ 1 s (30,000 files)',
      typeof first === 'number' ? first : undefined,
      (v) => v <= 1000,
      typeof first === 'number' ? `${first.toFixed(0)} ms after activation (median of ${results.editor.runs}${files ? `, ${files} files` : ''})` : undefined,
      typeof first === 'number' ? undefined : 'no editor figures, see Editor',
    ),
  );
  return list;
}

/** bench/rescan-git.mjs's last results: the re-scan `pick` chooses over the full scan (its first command). */
function readRescan(file, pick) {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const full = data.commands[0];
    const journal = pick(data.commands);
    if (!journal) return undefined;
    return {
      ratio: journal.median / full.median,
      cpuRatio: journal.cpuMedian / full.cpuMedian,
      files: data.files,
      when: statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' '),
    };
  } catch {
    return undefined;
  }
}
