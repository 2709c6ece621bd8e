import type { Cancellation } from '../types';
import { streamGitTokens, type GitProcessOptions } from '../process/git-process';

/** Where a blob entered the history: the earliest commit (by author date) that added or changed a file to it. */
export interface BlobIntroduction {
  readonly oid: string;
  readonly commit: string;
  /** Author date, seconds since the epoch (for ordering) and as git's strict ISO 8601. */
  readonly authorTime: number;
  readonly authorDate: string;
  /** The path in that commit. */
  readonly path: string;
  /** Every path any commit wrote this blob to (a moved or copied key keeps its blob id). */
  readonly paths: ReadonlySet<string>;
}

interface MutableIntroduction {
  oid: string;
  commit: string;
  authorTime: number;
  authorDate: string;
  path: string;
  paths: Set<string>;
}

const HEADER = '\u0001';
/** Marks a raw entry whose path token must be consumed but not recorded (deletions, symlinks, submodules). */
const SKIP = 'skip';
const ZERO_OID = /^0+$/;
/** Regular files only: symlinks (120000) hold a path, gitlinks (160000) a commit of another repository. */
const FILE_MODES = new Set(['100644', '100755', '100664']);

/**
 * Every file blob reachable from any ref (branches, tags, remotes, stash, HEAD), each once, with the commit
 * that introduced it. One streamed `git log --all --raw` instead of a tree listing per commit: each commit
 * shows only what it changed (`--root` makes root commits list everything; `-m` makes merges show what they
 * changed against each parent, so a blob first written by a merge resolution is not missed).
 */
export async function listHistoryBlobs(
  root: string,
  opts: GitProcessOptions & { readonly cancellation?: Cancellation | undefined },
): Promise<{ blobs: Map<string, BlobIntroduction>; commits: number }> {
  const blobs = new Map<string, MutableIntroduction>();
  const seenCommits = new Set<string>();
  let commit = '';
  let authorTime = 0;
  let authorDate = '';
  let pendingOid: string | undefined; // a raw entry whose path is the next token
  // --no-show-signature: log.showSignature in a config would start gpg for every commit.
  const args = [
    'log',
    '--all',
    '--no-show-signature',
    '--root',
    '-m',
    '--no-renames',
    '--raw',
    '--no-abbrev',
    '-z',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--format=%x01%H %at %aI',
  ];
  await streamGitTokens(root, args, opts, (raw) => {
    if (pendingOid !== undefined) {
      introduce(blobs, { oid: pendingOid, commit, authorTime, authorDate, path: raw });
      pendingOid = undefined;
      return;
    }
    const token = raw.startsWith('\n') ? raw.slice(1) : raw;
    if (token.startsWith(HEADER)) {
      const [hash = '', time = '0', date = ''] = token.slice(1).split(' ');
      commit = hash;
      authorTime = Number(time);
      authorDate = date;
      seenCommits.add(hash);
      return;
    }
    if (!token.startsWith(':')) return;
    // :<old mode> <new mode> <old oid> <new oid> <status>
    const [, newMode = '', , newOid = '', status = ''] = token.slice(1).split(' ');
    pendingOid = status !== 'D' && FILE_MODES.has(newMode) && !ZERO_OID.test(newOid) ? newOid : SKIP;
  });
  return { blobs, commits: seenCommits.size };

  function introduce(map: Map<string, MutableIntroduction>, entry: Omit<MutableIntroduction, 'paths'>): void {
    if (entry.oid === SKIP) return;
    const known = map.get(entry.oid);
    if (!known) {
      map.set(entry.oid, { ...entry, paths: new Set([entry.path]) });
      return;
    }
    known.paths.add(entry.path);
    // git log lists newer commits first: on equal author dates the later-listed commit is the older one.
    if (entry.authorTime <= known.authorTime) {
      known.commit = entry.commit;
      known.authorTime = entry.authorTime;
      known.authorDate = entry.authorDate;
      known.path = entry.path;
    }
  }
}

/** Blob ids of the files at HEAD (empty for a repository without commits). */
export async function listHeadBlobs(root: string, opts: GitProcessOptions): Promise<Map<string, string[]>> {
  const byOid = new Map<string, string[]>();
  let hasHead = true;
  try {
    await streamGitTokens(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], opts, () => {});
  } catch {
    hasHead = false;
  }
  if (!hasHead) return byOid;
  await streamGitTokens(root, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], opts, (token) => {
    // <mode> SP <type> SP <oid> TAB <path>
    const tab = token.indexOf('\t');
    if (tab < 0) return;
    const [mode = '', type, oid = ''] = token.slice(0, tab).split(' ');
    if (type !== 'blob' || !FILE_MODES.has(mode)) return;
    const paths = byOid.get(oid) ?? [];
    paths.push(token.slice(tab + 1));
    byOid.set(oid, paths);
  });
  return byOid;
}
