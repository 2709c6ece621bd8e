/**
 * The engine's data model. Everything here is plain data so that the CLI, the editor adapter and the
 * tests all see exactly the same findings. Ranges are UTF-16 offsets into the text as the engine read it
 * (UTF-8 BOM removed, line endings kept), which is what a VS Code TextDocument holds.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Severity order, most severe first: used for `--fail-on` and sorting. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Threat model tags (DEVELOPERS.md). Every rule names the threats it guards against.
 * T1 Fulcio compromise, T2 Rekor tampering, T3 OIDC provider compromise, T4 vulnerable clients, T5 exposed keys.
 */
export type ThreatId = 'T1' | 'T2' | 'T3' | 'T4' | 'T5';

export const THREATS: Readonly<Record<ThreatId, string>> = {
  T1: 'Fulcio compromise (mis-issued certificates)',
  T2: 'Rekor tampering',
  T3: 'OIDC provider compromise',
  T4: 'Vulnerable Sigstore clients',
  T5: 'Exposed signing keys',
};

export type FixKind = 'add-to-gitignore' | 'stop-tracking' | 'rotation-guide' | 'ignore-finding';

export interface RuleMeta {
  /** Stable id, never reused: `KW101`. */
  readonly id: string;
  /** Stable kebab-case name: `private-key`. */
  readonly name: string;
  readonly title: string;
  /** Default severity. Key rules are lowered to `warning` when git says the file is not tracked. */
  readonly severity: Severity;
  readonly threats: readonly ThreatId[];
  /** `key` rules find key material: their severity depends on whether git tracks the file. */
  readonly kind: 'key' | 'config' | 'advisory';
  /** One sentence: what is wrong and why it matters. */
  readonly summary: string;
  /** Markdown body of the rule's docs section: risk, examples, how to fix, how to suppress. */
  readonly docs: string;
  /** The fixes offered for this rule's findings. */
  readonly fixes: readonly FixKind[];
}

/** A text edit on one file, in offsets of that file's current text. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Zero-based line/character positions, as in LSP and VS Code. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface KeyInfo {
  /** Human-readable format: `PKCS#8`, `OpenSSH`, `cosign (encrypted)` … */
  readonly format: string;
  /** `rsa`, `ec`, `ed25519`, `dsa` … when known. */
  readonly algorithm?: string;
  /** Modulus length in bits (RSA/DSA) when known. */
  readonly bits?: number;
  /** Named curve (EC) when known. */
  readonly curve?: string;
  readonly encrypted: boolean;
  /** SHA-256 fingerprint of the public half when it can be derived without a password. */
  readonly publicKeyFingerprint?: string;
}

/** Where the key text was found inside the file: directly, inside an escaped string, base64-encoded … */
export type Carrier = 'text' | 'escaped-string' | 'base64' | 'json' | 'binary';

/** What a rule reports; the scanner adds the path, positions, git state and suppression handling. */
export interface RawFinding {
  readonly ruleId: string;
  readonly range: TextRange;
  /** Must never contain secret material. */
  readonly message: string;
  readonly key?: KeyInfo;
  readonly carrier: Carrier;
  /** Overrides the rule's default severity (for example information-level hints). */
  readonly severity?: Severity;
  /** A stable, non-secret string identifying *what* was found (e.g. the public key fingerprint, or a hash of the body). */
  readonly identity: string;
  /** Rule-specific fixes computed by the engine, as edits to this file's current text. */
  readonly fixes?: readonly Fix[];
}

/**
 * A fix the engine computed for one finding. `safe` fixes change only what the finding names and can be
 * applied in bulk ("fix all"); `review` fixes change meaning (e.g. keyless migration) and are previewed first.
 */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly safety: 'safe' | 'review';
  /** What the user should do next that the edit cannot do (e.g. "delete the COSIGN_PRIVATE_KEY secret"). */
  readonly note?: string;
}

export interface Finding extends RawFinding {
  readonly severity: Severity;
  /** Workspace-relative path with `/` separators. */
  readonly path: string;
  readonly startPosition: Position;
  readonly endPosition: Position;
  /** true: git tracks the file; false: git does not; undefined: unknown (no git, or untrusted workspace). */
  readonly committed: boolean | undefined;
  /** Stable across line moves: used for SARIF partialFingerprints and baselines. Never derived from secret bytes alone. */
  readonly fingerprint: string;
}

export interface SkippedFile {
  readonly path: string;
  /** `yaml-too-deep`: the file was scanned for keys, but its YAML was not parsed, so no configuration rule checked it. */
  readonly reason: 'binary' | 'too-large' | 'symlink-outside-workspace' | 'symlink-loop' | 'unreadable' | 'excluded' | 'yaml-too-deep';
  readonly detail?: string;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly skipped: readonly SkippedFile[];
  readonly filesScanned: number;
  readonly cancelled: boolean;
  /** Of the files scanned, how many the incremental cache answered (a workspace scan given a cache file). */
  readonly fromCache?: number;
}


/** Minimal logger interface the host injects (VS Code LogOutputChannel, the CLI's stderr, or a test sink). */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Cancellation as plain data, so the engine works with VS Code tokens, AbortSignals and tests alike. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}
