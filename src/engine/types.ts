/**
 * The engine's data model. Everything here is plain data so that the CLI, the editor adapter and the
 * tests all see exactly the same findings. Ranges are UTF-16 offsets into the text as the engine read it
 * (UTF-8 BOM removed, line endings kept), which is what a VS Code TextDocument holds.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Severity order, most severe first: used for `--fail-on` and sorting. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Threat model tags (docs/rules.md lists them). Every rule names the threats it guards against.
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

/**
 * Fixes the editor computes itself for a rule's findings, because they need git or another file:
 * `.gitignore`, `git rm --cached`, the rotation guide. ("Ignore this finding" is offered for every rule.)
 */
export type HostFixKind = 'add-to-gitignore' | 'stop-tracking' | 'rotation-guide';

export interface HostFixDeclaration {
  readonly kind: HostFixKind;
  /** How docs and the README name it. */
  readonly label: string;
}

/**
 * A fix the rule itself computes (`RawFinding.fixes`). The declaration is how docs, the README, the
 * editor and "Migrate Workspace" learn about it; a test runs every rule over its test inputs and
 * checks that each fix it emits matches exactly one declaration, and each declaration is emitted.
 */
export interface EngineFixDeclaration {
  /** Stable kebab-case id, unique within the rule. */
  readonly kind: string;
  /** How docs and the README name it. */
  readonly label: string;
  /** The emitted fixes' `safety`; `safe-or-review` when it depends on the input (a version bump within or across majors). */
  readonly safety: Fix['safety'] | 'safe-or-review';
  /** Part of "Migrate Workspace to Keyless Signing": the fix moves signing or verification to keyless. */
  readonly migration?: true;
  /** Matches the `title` of every fix of this kind the rule emits. */
  readonly title: RegExp;
}

export type FixDeclaration = HostFixDeclaration | EngineFixDeclaration;

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
  /** Markdown body of the rule's docs section: risk, examples, how to fix. The suppression paragraph is generated. */
  readonly docs: string;
  /** Every fix offered for this rule's findings: the engine's own and the editor's (see FixDeclaration). */
  readonly fixes: readonly FixDeclaration[];
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
  /** Set by the scanner from the rule's `meta.id`; a rule need not restate it (if it does, it must match). */
  readonly ruleId?: string;
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
  /**
   * Findings of one file with the same root cause (one `cosign sign --key` seen by several rules) are
   * reported as one: the most severe, with the others as `related` locations (findings/root-causes.ts).
   */
  readonly rootCause?: string;
  /** Other places of the same problem, merged into this finding. */
  readonly related?: readonly RelatedLocation[];
}

/** A place that belongs to a finding's problem: the evidence another rule saw. */
export interface RelatedLocation {
  readonly ruleId: string;
  readonly range: TextRange;
  readonly startPosition: Position;
  readonly endPosition: Position;
  readonly message: string;
}

/**
 * A fix the engine computed for one finding. `safe` fixes change only what the finding names and can be
 * applied in bulk ("fix all"); `review` fixes change meaning (e.g. keyless migration) and are previewed first.
 */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly safety: 'safe' | 'review';
  /**
   * The edit decides whom verification trusts (a signer identity or issuer, inferred or a placeholder):
   * the one kind of change the editor asks the user to confirm in the refactor preview.
   */
  readonly pinsIdentity?: true;
  /** The edit contains `<…>` placeholders the user must fill in: never applied unattended (`--unsafe-fixes`). */
  readonly needsInput?: true;
  /** What the user should do next that the edit cannot do (e.g. "delete the COSIGN_PRIVATE_KEY secret"). */
  readonly note?: string;
}

export interface Finding extends RawFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** Workspace-relative path with `/` separators. */
  readonly path: string;
  readonly startPosition: Position;
  readonly endPosition: Position;
  /** true: git tracks the file; false: git does not; undefined: unknown (no git, or untrusted workspace). */
  readonly committed: boolean | undefined;
  /**
   * true: the file's removal is staged (`git rm --cached`) but HEAD and the history still have the key:
   * `committed` stays true, and only a rotation ends the exposure.
   */
  readonly removalStaged?: true;
  /** Stable across line moves: used for SARIF partialFingerprints and baselines. Never derived from secret bytes alone. */
  readonly fingerprint: string;
  /**
   * Set when the repository itself suppresses this finding (inline comment or `.keywardignore`). In
   * `ScanResult.suppressed` the suppression was honoured; in `ScanResult.findings` it was not (a key
   * finding in an untrusted workspace: the repository must not hide its own committed key).
   */
  readonly suppression?: FindingSuppression;
}

/** A repository's suppression of one finding, as reported: never key material (see suppress.ts `safeReason`). */
export interface FindingSuppression {
  readonly source: 'inline' | 'keywardignore';
  /** The reviewer's reason, shortened to one safe line. */
  readonly reason: string;
  /** One-based line of the comment (in the finding's file) or of the `.keywardignore` entry. */
  readonly line: number;
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
  /**
   * History and staged scans: objects git was asked for but the repository lacks (a partial clone's
   * promisor objects are never fetched). Present and over 0: the result is incomplete.
   */
  readonly missingObjects?: number;
  /**
   * Findings a repository suppression hid (each with its `suppression`): reported as suppressed, never
   * counted by `--fail-on`. Absent: the scan did not collect them (history and staged scans).
   */
  readonly suppressed?: readonly Finding[];
  /** Files and folders an exclude glob (settings, `--exclude`) kept out of a workspace scan; a folder counts once. */
  readonly excludedPaths?: number;
  /** Findings past the per-rule or per-file cap (see scanner.ts), per file and rule: absent when none were cut. */
  readonly truncated?: readonly FindingsNotShown[];
  /** Rules that failed on a file, whose findings there are missing: absent when none did. The scan is incomplete. */
  readonly internalErrors?: readonly RuleFailure[];
}

/** Findings of one rule in one file that were not reported because the file hit a findings cap. */
export interface FindingsNotShown {
  readonly path: string;
  readonly ruleId: string;
  /** How many findings of the rule in the file were found and not reported. */
  readonly count: number;
  /** The file was not searched to its end for this rule (it was over the cap already): there may be more than `count`. */
  readonly incomplete?: true;
}

/** A rule that threw on a file: whatever it would have found there is missing. */
export interface RuleFailure {
  readonly path: string;
  readonly ruleId: string;
  /** The error's class (`RangeError`), never its message, which could quote the file's content (key material). */
  readonly errorClass: string;
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
