import type { Rule } from '../rules/rule';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import type { GitState } from '../process/git';
import type { Cancellation, Finding, Logger } from '../types';
import type { RipgrepChoice } from './ripgrep-prefilter';

export interface WorkspaceScanOptions {
  /** Absolute workspace folder. */
  readonly root: string;
  /** Optional subset: files or folders, absolute or relative to root. */
  readonly paths?: readonly string[] | undefined;
  /** minimatch globs relative to root (keyward.exclude, CLI --exclude, VS Code files.exclude keys that are true). */
  readonly exclude?: readonly string[] | undefined;
  /** Bytes; default DEFAULT_MAX_FILE_SIZE. Key containers (*.p12, *.pfx, *.jks, *.keystore) are read regardless. */
  readonly maxFileSize?: number | undefined;
  /** Default true. */
  readonly useGitignore?: boolean | undefined;
  /** false: never spawn git or any process (a repository's .git/config can run programs). */
  readonly trusted: boolean;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
  readonly rules?: readonly Rule[] | undefined;
  /** Facts for identity-inferring fixes; read from the folder's files (never by running git) when absent. */
  readonly workspace?: WorkspaceFacts | undefined;
  /**
   * git's answers about the paths scanned, when the caller has them (the re-scan of the tracked files git
   * reports changed: scan/changed-rescan.ts); asked of git when absent. Only in a trusted workspace.
   */
  readonly gitState?: GitState | undefined;
  /**
   * Worker threads: a number (1 = this thread only), or 'auto' (default): for large scans one per core but
   * one, this thread scanning alongside them once the listing is done.
   */
  readonly jobs?: number | 'auto' | undefined;
  /**
   * true: files are read and scanned on worker threads (at least one, with `jobs` 1 too) from the first
   * file, whatever the workspace size; this thread only discovers files and collects outcomes. For the
   * editor's extension host, where one hostile file must not hold up the editor. It falls back to this
   * thread (with a warning) only when no worker can run. Ignored with custom `rules` (they cannot be sent).
   */
  readonly offMainThread?: boolean | undefined;
  /** The incremental cache file (see scan/cache.ts); it must live where only the user can write. */
  readonly cacheFile?: string | undefined;
  /**
   * Called with a file's findings as soon as they are known (files without findings: not called), so a
   * host can show the first keys of a large workspace long before the scan ends. The result holds them all.
   */
  readonly onFindings?: ((findings: readonly Finding[]) => void) | undefined;
  /**
   * Let ripgrep name the files worth reading (scan/ripgrep-prefilter.ts) while discovery walks; the result
   * is the same as without it. Default: off (every file discovery lists is read).
   */
  readonly ripgrep?: RipgrepChoice | undefined;
  /**
   * Default true: a re-scan with git's journal asks watchman, when the user's watchman service already watches
   * the workspace, what changed since the previous scan (scan/watchman-journal.ts). Only in a trusted workspace.
   */
  readonly watchman?: boolean | undefined;
}
