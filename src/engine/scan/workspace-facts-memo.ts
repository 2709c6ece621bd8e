import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { workspaceFactsFromFiles } from '../cosign/signing-files';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import { readWorkspaceFiles } from '../facts/workspace-facts-files';
import { KEYWARD_VERSION } from '../project';
import type { Logger } from '../types';
import { readCacheFile, writeCacheFile } from './cache';

/**
 * The workspace facts of the previous scan with this cache file, taken again while the files they are computed
 * from (git's config and HEAD, up to 200 workflows, `.gitlab-ci.yml`) are byte for byte the same: their SHA-256,
 * with Keyward's version, names the facts. Every scan reads those files; parsing them is what this saves (a
 * fifth of an unchanged re-scan's own work on the benchmark tree's 200 workflows). Kept next to the cache
 * file (`<cache>.facts`), where only the user writes, and read through the safe reader.
 */
export async function rememberedWorkspaceFacts(root: string, cacheFile: string, logger: Logger): Promise<WorkspaceFacts> {
  const files = await readWorkspaceFiles(root, { logger });
  const digest = createHash('sha256')
    .update(JSON.stringify([FORMAT, KEYWARD_VERSION, files]))
    .digest('hex');
  const remembered = readMemo(cacheFile);
  if (remembered?.digest === digest) return remembered.facts;
  const facts = workspaceFactsFromFiles(files);
  // Kept only if JSON gives the very same facts back (they are plain data; this keeps it so).
  if (isDeepStrictEqual(JSON.parse(JSON.stringify(facts)), facts))
    await writeCacheFile(memoFile(cacheFile), { format: FORMAT, digest, facts } satisfies Memo, logger);
  return facts;
}

const FORMAT = 'keyward-workspace-facts/1';
/** Facts of 200 workflows are a few kilobytes. */
const MAX_MEMO_BYTES = 4 * 1024 * 1024;

interface Memo {
  readonly format: string;
  readonly digest: string;
  readonly facts: WorkspaceFacts;
}

function readMemo(cacheFile: string): Memo | undefined {
  const memo = readCacheFile(memoFile(cacheFile), MAX_MEMO_BYTES) as Partial<Memo> | undefined;
  return memo?.format === FORMAT && typeof memo.digest === 'string' && typeof memo.facts === 'object' && memo.facts !== null ? (memo as Memo) : undefined;
}

function memoFile(cacheFile: string): string {
  return `${cacheFile}.facts`;
}
