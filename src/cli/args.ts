import { parseArgs } from 'node:util';
import type { FixMode } from '../engine/fixes/fix-text';
import { SEVERITY_RANK, type Severity } from '../engine/types';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'gitlab';
export type FailOn = Severity | 'none';

export interface ScanArgs {
  readonly command: 'scan';
  readonly paths: readonly string[];
  readonly root: string | undefined;
  readonly format: OutputFormat;
  readonly output: string | undefined;
  readonly exclude: readonly string[];
  readonly failOn: FailOn;
  readonly maxFileSize: number | undefined;
  readonly useGitignore: boolean;
  readonly untrusted: boolean;
  readonly color: boolean | undefined;
  readonly verbose: boolean;
  /** --history: every blob of every commit reachable from any ref, instead of the working tree. */
  readonly history: boolean;
  /** --staged: the index (what the next commit adds or changes), instead of the working tree. */
  readonly staged: boolean;
  /** --baseline FILE: report only findings whose fingerprint is not in FILE. */
  readonly baseline: string | undefined;
  /** --write-baseline FILE: write every finding's fingerprint to FILE. */
  readonly writeBaseline: string | undefined;
  /** --jobs N: worker threads (1 = none); default: one per core but one for large scans (the main thread scans too). */
  readonly jobs: number | undefined;
  /** --cache FILE: the incremental scan cache. */
  readonly cache: string | undefined;
  /** --rg: always let ripgrep prefilter the files; --no-rg: never; 'auto': where it pays (`ripgrepPrefilterPays`). */
  readonly ripgrep: 'auto' | 'on' | 'off';
  /** --no-watchman: a re-scan with --cache never asks watchman what changed. */
  readonly watchman: boolean;
  /** --fix: apply safe fixes to the files; --unsafe-fixes: also those that need review. */
  readonly fix: FixMode | undefined;
}

/** `verify`, `conformance` and `mcp` parse their own options (verify-command.ts, conformance.ts, mcp-command.ts). */
export interface PassThroughArgs {
  readonly command: 'verify' | 'conformance' | 'mcp';
  readonly argv: readonly string[];
}

export type ParsedArgs = ScanArgs | PassThroughArgs | { readonly command: 'help' } | { readonly command: 'version' };

/** A mistake in how the command was called: exit code 2 with this message and the usage hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: keyward <command> [options]

Commands:
  scan [PATH...]       Scan files or folders for private keys (default: the current folder)
  verify FILE|DIGEST   Verify a Sigstore bundle for an artifact (offline unless --online)
  conformance verify-bundle ...
                       The Sigstore conformance-suite client protocol (see below)
  mcp                  Serve the agent tools (scan, explain, verify) over MCP on stdin/stdout
  help                 Show this help
  version              Show the version

scan options:
  --format text|json|sarif|gitlab
                             Output format (default: text); gitlab = GitLab code quality report
  --output FILE              Write the report to FILE instead of stdout
  --exclude GLOB             Skip paths matching GLOB (relative to the root; repeatable)
  --fail-on LEVEL            Exit 1 when a finding is at or above LEVEL:
                             error (default), warning, information, hint, none
  --max-file-size BYTES      Skip larger files (default: 2097152); key containers are always read
  --root DIR                 Folder that paths are reported relative to (default: the folder given, or .)
  --no-gitignore             Also scan files that .gitignore excludes
  --untrusted                Treat the folder as untrusted: never run git or any other program
  --color / --no-color       Force or disable colour (default: on when stdout is a terminal)
  --verbose                  Log what is scanned and skipped to stderr
  --history                  Scan every commit reachable from any ref (keys deleted since are still leaked)
  --staged                   Scan what is staged for the next commit (the index), not the working tree
  --baseline FILE            Report and fail only on findings not recorded in FILE
  --write-baseline FILE      Record every current finding's fingerprint in FILE (no secret material)
  --cache FILE               Incremental cache: files unchanged since the last scan with FILE are not read
                             again. Keep FILE where only you can write (it decides what is reported)
  --jobs N                   Worker threads (default: one per core but one for 4,000+ files; 1 = no workers)
  --rg                       Let ripgrep (rg on PATH, trusted folders only) prefilter the files (default: on
                             machines with more than two cores, where it pays)
  --no-rg                    Never use ripgrep to prefilter the files
  --no-watchman              With --cache, never ask watchman (used only when it already watches the
                             folder) what changed since the last scan
  --fix                      Apply every safe fix to the files (the editor's "fix all"), then report what is left
  --unsafe-fixes             Also apply fixes that need review: keyless migration, identity pins (implies --fix)

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or internal error.

verify options:
  keyward verify --bundle FILE POLICY [--trusted-root FILE | --online] [--staging] [--format text|json] FILE_OR_DIGEST
  --bundle FILE                            The Sigstore bundle (or cosign's legacy --bundle JSON)
  --certificate-identity ID                POLICY: the expected signer (certificate SAN), exactly
  --certificate-oidc-issuer URL              ... and the expected OIDC issuer, exactly
  --certificate-identity-regexp RE         POLICY: anchored (^...$) regular expressions instead
  --certificate-oidc-issuer-regexp RE
  --key FILE                               POLICY: a PEM public key, for key-signed bundles
  --trusted-root FILE                      A trusted_root.json (default: the embedded public-good root)
  --staging                                Staging instance (its root is not embedded: pass --trusted-root,
                                           or --online with the staging TUF root.json as --tuf-root)
  --online                                 Refresh the trusted root through TUF first (the only network use)
  --tuf-cache DIR                            ... TUF cache (default: ~/.cache/keyward/tuf; reused for a day)
  --tuf-mirror URL --tuf-root FILE           ... another TUF repository and its initial root.json
  --format text|json                       Output format (default: text)
  FILE_OR_DIGEST                           The artifact, or its digest as sha256:<64 hex>
  Without a POLICY the signature is checked but the signer is not, and the result is not "verified".
  Exit codes: 0 verified (including the policy), 1 verification failed, 2 usage error.
  Works offline unless --online: trust comes only from the trusted root.

conformance:
  keyward conformance verify-bundle [--staging] --bundle FILE (--certificate-identity ID
    --certificate-oidc-issuer URL | --key KEY.pem) [--trusted-root FILE] FILE_OR_DIGEST
  Exit status 0 means verified; anything else means rejected.

mcp options:
  keyward mcp [--root DIR] [--untrusted]
  A Model Context Protocol server on stdin/stdout for coding agents, offline: tools keyward_scan (inside
  --root, default the current folder), keyward_explain and keyward_verify_bundle. Answers never hold key
  material. --untrusted: never run git (the staged-changes scan is refused).`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'gitlab'];

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'version' || command === '--version' || command === '-v') return { command: 'version' };
  if (command === 'verify' || command === 'conformance' || command === 'mcp') return { command, argv: rest };
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);
  return parseScan(rest);
}

function parseScan(argv: readonly string[]): ScanArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        exclude: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        'max-file-size': { type: 'string' },
        root: { type: 'string' },
        'no-gitignore': { type: 'boolean' },
        untrusted: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        verbose: { type: 'boolean' },
        history: { type: 'boolean' },
        staged: { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        jobs: { type: 'string' },
        cache: { type: 'string' },
        rg: { type: 'boolean' },
        'no-rg': { type: 'boolean' },
        'no-watchman': { type: 'boolean' },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format as OutputFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'none' && !(failOn in SEVERITY_RANK)) throw new UsageError(`--fail-on must be error, warning, information, hint or none, not "${failOn}"`);
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileSize = Number(values['max-file-size']);
    if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0) throw new UsageError('--max-file-size must be a positive whole number of bytes');
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isSafeInteger(jobs) || jobs <= 0) throw new UsageError('--jobs must be a positive whole number');
  }
  if (values.cache !== undefined && (values.history || values.staged)) throw new UsageError('--cache applies to working-tree scans, not --history or --staged');
  const fix: FixMode | undefined = values['unsafe-fixes'] ? 'unsafe' : values.fix ? 'safe' : undefined;
  if (fix !== undefined && (values.history || values.staged))
    throw new UsageError(`--${fix === 'unsafe' ? 'unsafe-fixes' : 'fix'} edits the working tree; it cannot be combined with --history or --staged`);
  return {
    command: 'scan',
    paths: positionals,
    root: values.root,
    format: format as OutputFormat,
    output: values.output,
    exclude: values.exclude ?? [],
    failOn: failOn as FailOn,
    maxFileSize,
    useGitignore: !values['no-gitignore'],
    untrusted: values.untrusted ?? false,
    color: values['no-color'] ? false : values.color,
    verbose: values.verbose ?? false,
    jobs,
    cache: values.cache,
    ripgrep: ripgrepChoice(values.rg, values['no-rg']),
    watchman: !values['no-watchman'],
    fix,
    ...gitScanArgs(values, positionals),
  };
}

/** The git-aware and baseline flags, and the combinations that make no sense. */
function gitScanArgs(
  values: {
    history?: boolean | undefined;
    staged?: boolean | undefined;
    untrusted?: boolean | undefined;
    baseline?: string | undefined;
    'write-baseline'?: string | undefined;
  },
  positionals: readonly string[],
): Pick<ScanArgs, 'history' | 'staged' | 'baseline' | 'writeBaseline'> {
  const history = values.history ?? false;
  const staged = values.staged ?? false;
  if (history && staged) throw new UsageError('--history and --staged cannot be combined');
  if ((history || staged) && values.untrusted)
    throw new UsageError(`--${history ? 'history' : 'staged'} reads the repository with git, which --untrusted forbids`);
  if ((history || staged) && positionals.length > 1)
    throw new UsageError(`--${history ? 'history' : 'staged'} scans a whole repository: give at most one folder inside it`);
  return { history, staged, baseline: values.baseline, writeBaseline: values['write-baseline'] };
}

function ripgrepChoice(on: boolean | undefined, off: boolean | undefined): ScanArgs['ripgrep'] {
  if (on && off) throw new UsageError('--rg and --no-rg contradict each other');
  return on ? 'on' : off ? 'off' : 'auto';
}
