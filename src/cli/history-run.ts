import { resolve } from 'node:path';
import { GitError } from '../engine/process/git';
import { readGit } from '../engine/process/git-process';
import { scanHistory } from '../engine/history/history-scan';
import { scanStaged } from '../engine/history/staged-scan';
import type { Cancellation, Finding, Logger, ScanResult } from '../engine/types';
import { UsageError, type ScanArgs } from './args';

/**
 * `scan --history` and `scan --staged`: the repository containing `folder`, read through git. Paths are
 * relative to the repository's top level, which becomes the report's root. git problems (not a
 * repository, no git) are usage errors with git's reason: exit code 2, never a silent "no findings".
 */
export async function runGitScan(args: ScanArgs, folder: string, logger: Logger, cancellation: Cancellation): Promise<{ result: ScanResult; root: string }> {
  try {
    const root = (await readGit(folder, ['rev-parse', '--show-toplevel'], { trusted: !args.untrusted })).replace(/\r?\n$/, '');
    const options = {
      root,
      trusted: !args.untrusted,
      cancellation,
      logger,
      exclude: args.exclude,
      ...(args.maxFileSize !== undefined ? { maxFileSize: args.maxFileSize } : {}),
    };
    // In a pre-commit hook git names the index the commit is made from (`git commit -a` uses a new one).
    const indexFile = process.env['GIT_INDEX_FILE'];
    const result = args.history
      ? await scanHistory(options)
      : await scanStaged({ ...options, ...(indexFile ? { indexFile: resolve(folder, indexFile) } : {}) });
    return { result, root };
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(`${args.history ? '--history' : '--staged'}: ${error.message}`);
    throw error;
  }
}

/** Printed to stderr when `--staged` fails (the pre-commit hook): what happened and the two ways out. */
export function stagedBlockedMessage(findings: readonly Finding[]): string {
  const example = findings[0]?.ruleId ?? 'KW101';
  return [
    `keyward: commit blocked: ${findings.length} finding(s) in the staged changes.`,
    '  A private key in a commit is published to everyone who can read the repository, including in its history.',
    '  Unstage the key (git rm --cached FILE), keep it out of git (.gitignore), and rotate it if it was ever pushed.',
    '  A reviewed false positive can be suppressed, with a reason, and the suppression staged with the change:',
    `    - inline, in a comment on the finding's line:   keyward-ignore ${example} reason: <why this is not a real key>`,
    `    - for a whole file, in .keywardignore:          <path glob> ${example} reason: <why>`,
    '',
  ].join('\n');
}
