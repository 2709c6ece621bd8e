/**
 * `keyward_scan` for agents (the VS Code language-model tool and `keyward mcp`): a file, a folder or the
 * staged changes of the workspace → a compact, secret-free JSON report. Findings carry the engine's masked
 * messages and non-secret key facts only (format, algorithm, public-key fingerprint), never the fixes'
 * edits (text the file held) nor any byte of a key; `secretFree` re-checks the serialised answer.
 */
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readGit } from '../process/git-process';
import { scanStaged } from '../history/staged-scan';
import { silentLogger, type Cancellation, type Finding, type Logger, type ScanResult } from '../types';
import { scanWorkspace } from '../scan/workspace-scan';

/** An agent reads the answer into its context: beyond this many findings it gets counts, not entries. */
export const AGENT_MAX_FINDINGS = 200;

export interface AgentScanInput {
  /** A file or folder, relative to the workspace root (or absolute inside it); default the whole root. Ignored for `staged`. */
  readonly path?: string | undefined;
  /** `path` (default): the files on disk; `staged`: what `git commit` would commit now (needs a trusted workspace). */
  readonly target?: 'path' | 'staged' | undefined;
}

export interface AgentScanContext {
  /** The workspace folder the agent works in: scans never leave it. */
  readonly root: string;
  /** false (VS Code Restricted Mode, `keyward mcp --untrusted`): git never runs, so `staged` is refused. */
  readonly trusted: boolean;
  readonly logger?: Logger | undefined;
  readonly cancellation?: Cancellation | undefined;
  /** The host's excludes and size cap (the editor's settings, as Restricted Mode allows them). */
  readonly exclude?: readonly string[] | undefined;
  readonly maxFileSize?: number | undefined;
  /** The editor: files are read on a worker thread, so one hostile file cannot hold up the extension host. */
  readonly offMainThread?: boolean | undefined;
}

export interface AgentFinding {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly committed: boolean | null;
  readonly key?: { readonly format: string; readonly algorithm?: string; readonly encrypted: boolean; readonly publicKeyFingerprint?: string };
  /** Titles of the fixes the engine computed (apply them in the editor or with `keyward scan --fix`). */
  readonly fixes: readonly { readonly title: string; readonly safety: 'safe' | 'review' }[];
  readonly fingerprint: string;
}

export type AgentScanReport =
  | {
      readonly ok: true;
      readonly root: string;
      readonly target: 'path' | 'staged';
      readonly scanned: string;
      readonly trusted: boolean;
      readonly summary: {
        readonly filesScanned: number;
        readonly findings: number;
        readonly bySeverity: Readonly<Record<string, number>>;
        readonly skipped: number;
        readonly suppressed: number;
        readonly findingsOmitted: number;
        readonly incomplete: boolean;
      };
      readonly findings: readonly AgentFinding[];
      readonly note?: string;
    }
  | { readonly ok: false; readonly error: string };

export async function runAgentScan(input: AgentScanInput, context: AgentScanContext): Promise<AgentScanReport> {
  const logger = context.logger ?? silentLogger;
  const root = path.resolve(context.root);
  if (input.target === 'staged') {
    // Restricted Mode: a repository's git configuration can run programs, so git never runs.
    if (!context.trusted)
      return {
        ok: false,
        error: 'scanning the staged changes needs git, which Keyward never runs in an untrusted (Restricted Mode) workspace; scan a path instead',
      };
    let top: string;
    try {
      top = (await readGit(root, ['rev-parse', '--show-toplevel'], { trusted: true })).replace(/\r?\n$/, '');
    } catch (error) {
      return { ok: false, error: `not a git repository, or git failed (${error instanceof Error ? error.name : 'error'})` };
    }
    const result = await scanStaged({
      root: top,
      trusted: true,
      logger,
      exclude: context.exclude,
      maxFileSize: context.maxFileSize,
      ...(context.cancellation ? { cancellation: context.cancellation } : {}),
    });
    return report(result, top, 'staged', '(staged changes)', context.trusted);
  }
  const resolved = resolveInside(root, input.path ?? '.');
  if (typeof resolved !== 'string') return resolved;
  const result = await scanWorkspace({
    root,
    ...(resolved === root ? {} : { paths: [resolved] }),
    trusted: context.trusted,
    logger,
    jobs: 1,
    exclude: context.exclude,
    maxFileSize: context.maxFileSize,
    offMainThread: context.offMainThread,
    ...(context.cancellation ? { cancellation: context.cancellation } : {}),
  });
  return report(result, root, 'path', path.relative(root, resolved).split(path.sep).join('/') || '.', context.trusted);
}

/** `candidate` resolved against `root`, refused when it (or a symlink on the way) leads outside the root. */
function resolveInside(root: string, candidate: string): string | { ok: false; error: string } {
  const absolute = path.resolve(root, candidate);
  let real: string;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(absolute);
    statSync(real);
  } catch {
    return { ok: false, error: `no such file or folder in the workspace: ${candidate.slice(0, 200)}` };
  }
  const relative = path.relative(realRoot, real);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    return { ok: false, error: 'the path is outside the workspace: Keyward scans only inside the workspace folder' };
  return relative === '' ? root : path.join(root, relative);
}

function report(result: ScanResult, root: string, target: 'path' | 'staged', scanned: string, trusted: boolean): AgentScanReport {
  const bySeverity: Record<string, number> = {};
  for (const finding of result.findings) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
  const shown = result.findings.slice(0, AGENT_MAX_FINDINGS);
  const incomplete = result.cancelled || (result.internalErrors?.length ?? 0) > 0 || (result.missingObjects ?? 0) > 0;
  return {
    ok: true,
    root,
    target,
    scanned,
    trusted,
    summary: {
      filesScanned: result.filesScanned,
      findings: result.findings.length,
      bySeverity,
      skipped: result.skipped.length,
      suppressed: result.suppressed?.length ?? 0,
      findingsOmitted: result.findings.length - shown.length + (result.truncated ?? []).reduce((sum, notice) => sum + notice.count, 0),
      incomplete,
    },
    findings: shown.map(agentFinding),
    ...(trusted ? {} : { note: 'untrusted workspace: git did not run, so whether a key is committed is unknown (committed: null)' }),
  };
}

function agentFinding(f: Finding): AgentFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    path: f.path,
    line: f.startPosition.line + 1,
    column: f.startPosition.character + 1,
    message: f.message,
    committed: f.committed ?? null,
    ...(f.key
      ? {
          key: {
            format: f.key.format,
            encrypted: f.key.encrypted,
            ...(f.key.algorithm ? { algorithm: f.key.algorithm } : {}),
            ...(f.key.publicKeyFingerprint ? { publicKeyFingerprint: f.key.publicKeyFingerprint } : {}),
          },
        }
      : {}),
    fixes: (f.fixes ?? []).map((fix) => ({ title: fix.title, safety: fix.safety })),
    fingerprint: f.fingerprint,
  };
}
