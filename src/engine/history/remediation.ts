import type { HistoryInfo } from './history-finding';

/**
 * What to do about a key in the git history. Editing files cannot fix it: every clone and fork already has
 * the commit. So the message leads with rotation (required whether or not the history is rewritten) and
 * then gives the exact purge command for the paths the key was committed at.
 */
export function historyMessage(original: string, info: HistoryInfo): string {
  const where = `first committed in ${info.commit.slice(0, 12)} (${info.authorDate.slice(0, 10)}) at ${info.firstSeenPath}`;
  const state = info.presentAtHead ? 'It is still present at HEAD.' : 'It is no longer at HEAD but remains in the git history, where every clone has it.';
  return `${stripFinalPeriod(original)}. In git history: ${where}. ${state} Rotate the key (revoke it and re-sign with a new one): rotation is required regardless of any history rewrite. Then purge it: ${purgeCommand(info.paths)}, and force-push every branch and tag.`;
}

/** `git filter-repo --invert-paths --path 'a' --path 'b'`, paths single-quoted for POSIX shells. */
export function purgeCommand(paths: readonly string[]): string {
  return `git filter-repo --invert-paths ${paths.map((p) => `--path ${shellQuote(p)}`).join(' ')}`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function stripFinalPeriod(text: string): string {
  return text.replace(/[.\s]+$/, '');
}
