/**
 * `keyward verify`: verify a Sigstore bundle for an artifact (or its sha256: digest), offline; with
 * --online the trusted root is first refreshed through TUF (the only way this command touches the network).
 *
 * The verifier and the sigstore libraries live in their own bundle (`dist/verify.js`) that is loaded
 * here, at run time, only when a verification runs: `keyward scan` never pays for it. Only types are
 * imported statically from src/engine/verify.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as VerifyModule from '../engine/verify';
import { isVerifyError } from '../engine/verify/errors';
import { UsageError } from './args';
import { defaultTufCacheDir } from './tuf-cache-dir';

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** Runs `keyward verify …`; returns the exit code: 0 verified (policy included), 1 not verified, 2 usage error. */
export async function runVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    bundle: { type: 'string' },
    'certificate-identity': { type: 'string' },
    'certificate-oidc-issuer': { type: 'string' },
    'certificate-identity-regexp': { type: 'string' },
    'certificate-oidc-issuer-regexp': { type: 'string' },
    key: { type: 'string' },
    'trusted-root': { type: 'string' },
    staging: { type: 'boolean' },
    online: { type: 'boolean' },
    'tuf-cache': { type: 'string' },
    'tuf-mirror': { type: 'string' },
    'tuf-root': { type: 'string' },
    format: { type: 'string' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  });
  const format = str(values['format']) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const request = buildRequest(
    {
      bundle: str(values['bundle']),
      identity: str(values['certificate-identity']),
      issuer: str(values['certificate-oidc-issuer']),
      identityRegExp: str(values['certificate-identity-regexp']),
      issuerRegExp: str(values['certificate-oidc-issuer-regexp']),
      key: str(values['key']),
      trustedRoot: str(values['trusted-root']),
      staging: values['staging'] === true,
      positionals,
    },
    io.cwd,
  );
  const online = onlineOptions(
    {
      online: values['online'] === true,
      trustedRoot: str(values['trusted-root']),
      cache: str(values['tuf-cache']),
      mirror: str(values['tuf-mirror']),
      root: str(values['tuf-root']),
    },
    io.cwd,
  );
  const verifier = loadVerifier();
  let result: VerifyModule.VerificationResult;
  try {
    result = online === undefined ? verifier.verifyBundle(request) : await verifier.verifyBundleOnline(request, online);
  } catch (error) {
    // A failed TUF refresh is not a usage error: the command was right, the verification could not run.
    if (isVerifyError(error) && error.code === 'TUF_REFRESH_FAILED') {
      io.stderr(`keyward: ${error.message}; run without --online to verify offline with the embedded trusted root\n`);
      return 1;
    }
    if (isVerifyError(error)) throw new UsageError(error.message);
    throw error;
  }
  if (format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else
    io.stdout(
      verifier.renderResultText(result, {
        color: values['no-color'] === true ? false : values['color'] === true || (io.stdoutIsTTY && !process.env['NO_COLOR']),
      }),
    );
  return result.status === 'verified' ? 0 : 1;
}

export interface RequestArgs {
  readonly bundle: string | undefined;
  readonly identity: string | undefined;
  readonly issuer: string | undefined;
  readonly identityRegExp: string | undefined;
  readonly issuerRegExp: string | undefined;
  readonly key: string | undefined;
  readonly trustedRoot: string | undefined;
  readonly staging: boolean;
  readonly positionals: readonly string[];
}

/** Turns parsed flags into verifier options, reading the files; every problem is a UsageError. */
export function buildRequest(args: RequestArgs, cwd: string): VerifyModule.VerifyOptions {
  if (args.bundle === undefined) throw new UsageError('--bundle FILE is required');
  if (args.positionals.length !== 1)
    throw new UsageError(
      args.positionals.length === 0 ? 'give the artifact file (or its sha256:<hex> digest) to verify' : 'give exactly one artifact file or digest',
    );
  const target = args.positionals[0] ?? '';
  const exact = args.identity !== undefined || args.issuer !== undefined;
  const regexp = args.identityRegExp !== undefined || args.issuerRegExp !== undefined;
  const key = args.key !== undefined;
  if ([exact, regexp, key].filter(Boolean).length > 1)
    throw new UsageError('give one policy: --certificate-identity with --certificate-oidc-issuer, or the two -regexp options, or --key');
  let policy: VerifyModule.VerifyPolicy | undefined;
  if (exact) {
    if (args.identity === undefined || args.issuer === undefined) throw new UsageError('--certificate-identity and --certificate-oidc-issuer go together');
    policy = { identity: args.identity, issuer: args.issuer };
  } else if (regexp) {
    if (args.identityRegExp === undefined || args.issuerRegExp === undefined)
      throw new UsageError('--certificate-identity-regexp and --certificate-oidc-issuer-regexp go together');
    policy = { identityRegExp: args.identityRegExp, issuerRegExp: args.issuerRegExp };
  } else if (args.key !== undefined) {
    policy = { publicKeyPem: readInput(resolve(cwd, args.key), 'public key') };
  }
  return {
    bundle: readInput(resolve(cwd, args.bundle), 'bundle'),
    artifact: artifactArgument(target, cwd),
    policy,
    ...(args.trustedRoot !== undefined ? { trustedRoot: readInput(resolve(cwd, args.trustedRoot), 'trusted root') } : {}),
    staging: args.staging,
  };
}

export interface OnlineArgs {
  readonly online: boolean;
  readonly trustedRoot: string | undefined;
  readonly cache: string | undefined;
  readonly mirror: string | undefined;
  readonly root: string | undefined;
}

/** The opt-in TUF refresh options (--online and its companions), or undefined for the offline default. */
export function onlineOptions(args: OnlineArgs, cwd: string, env: NodeJS.ProcessEnv = process.env): VerifyModule.OnlineTrustOptions | undefined {
  const companion = args.cache !== undefined ? '--tuf-cache' : args.mirror !== undefined ? '--tuf-mirror' : args.root !== undefined ? '--tuf-root' : undefined;
  if (!args.online) {
    if (companion !== undefined) throw new UsageError(`${companion} only applies with --online (Keyward never goes online unless asked)`);
    return undefined;
  }
  if (args.trustedRoot !== undefined) throw new UsageError('give either --trusted-root FILE or --online, not both');
  if (args.mirror !== undefined && !/^https?:\/\/[^\s/]/.test(args.mirror)) throw new UsageError(`--tuf-mirror must be an http(s) URL, not "${args.mirror}"`);
  // Read once here so that a missing root.json is a usage error before anything goes online.
  if (args.root !== undefined) readInput(resolve(cwd, args.root), 'TUF root');
  return {
    cacheDir: args.cache !== undefined ? resolve(cwd, args.cache) : defaultTufCacheDir(env),
    ...(args.mirror !== undefined ? { mirrorUrl: args.mirror } : {}),
    ...(args.root !== undefined ? { tufRootPath: resolve(cwd, args.root) } : {}),
  };
}

/** A digest iff `sha256:` + 64 hex digits and not an existing path (the conformance protocol's rule). */
export function artifactArgument(target: string, cwd: string): VerifyModule.ArtifactInput {
  const path = resolve(cwd, target);
  if (/^sha256:[0-9a-fA-F]{64}$/.test(target) && !existsSync(path)) return { digest: target };
  return { path };
}

function readInput(path: string, what: string): string {
  try {
    if (!statSync(path).isFile()) throw new UsageError(`the ${what} is not a file: ${path}`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such ${what} file: ${path}` : `cannot read the ${what} file ${path} (${code ?? 'error'})`);
  }
}

/**
 * Loads the verifier: `verify.js` next to the running bundle (dist/), or, when running the plain
 * transpile (out/, unit tests), the engine module itself. The path is computed so that the bundler
 * leaves it alone instead of inlining the verifier into the CLI bundle.
 */
let loaded: typeof VerifyModule | undefined;

export function loadVerifier(): typeof VerifyModule {
  if (loaded !== undefined) return loaded;
  const candidates = [join(__dirname, 'verify.js'), join(__dirname, '..', 'engine', 'verify', 'index.js')];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) throw new UsageError('the verifier (verify.js) is missing next to the keyward CLI: rebuild with "npm run build"');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(found) as typeof VerifyModule;
  return loaded;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export function parse(argv: readonly string[], options: OptionSpec): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
