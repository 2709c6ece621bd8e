import { streamGitTokens, type GitProcessOptions } from '../process/git-process';

/**
 * Which objects a repository lacks, found without asking any remote. In a partial clone git would fetch a
 * missing object on demand (lazy fetch disabled, `cat-file --batch` dies at the first one instead), so the
 * ids are checked against the object store first. Other repositories report a missing object as
 * `<oid> missing` in the batch output, which the blob reader counts.
 */
export async function missingFromPartialClone(root: string, oids: readonly string[], opts: GitProcessOptions): Promise<Set<string>> {
  if (oids.length === 0 || !(await isPromisorRepository(root, opts))) return new Set();
  const missing = new Set(oids);
  // Every object present, loose or packed (promisor packs included); none is fetched.
  await streamGitTokens(root, ['cat-file', '--batch-check=%(objectname)', '--batch-all-objects', '--unordered'], opts, (line) => missing.delete(line), '\n');
  return missing;
}

/** A partial clone (`extensions.partialClone`) or a remote marked `promisor`: git fetches what it lacks from there. */
export async function isPromisorRepository(root: string, opts: GitProcessOptions): Promise<boolean> {
  const settings: string[] = [];
  try {
    await streamGitTokens(root, ['config', '-z', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$'], opts, (token) =>
      settings.push(token),
    );
  } catch {
    return false; // exit 1: none of these settings
  }
  return settings.some((entry) => {
    const [key = '', value = 'true'] = entry.split('\n');
    return key.toLowerCase() === 'extensions.partialclone' ? value !== '' : !/^(false|no|off|0)$/i.test(value.trim());
  });
}

/** The words every output uses for objects a history or staged scan could not read. */
export function incompleteHistoryMessage(missing: number): string {
  return `history incomplete: ${missing} object${missing === 1 ? '' : 's'} missing`;
}
