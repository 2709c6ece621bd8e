// The end-to-end scenarios: one code-server run each. The driver (scripts/e2e/run.mjs) prepares the
// workspace and the server from this table; the in-host runner (suite/index.ts) reads the same table
// to pick the suites to run. Keeping both sides on one table means a scenario cannot drift apart.
import type { KeySpec } from './keys';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Folder under test/e2e/workspaces/ copied into a temp folder for the run. */
  readonly template: string;
  /** false: the server runs without --disable-workspace-trust, so the window is in Restricted Mode. */
  readonly trusted: boolean;
  /** Test files (basename without .test.ts) under test/e2e/suite/ run in this scenario. */
  readonly suites: readonly string[];
  /** Keys generated into the workspace copy at run time; never committed to this repository. */
  readonly keys: readonly KeySpec[];
  /** git init + commit everything (keys included) so the keys count as committed. */
  readonly gitCommit: boolean;
  /**
   * Sets `core.fsmonitor` in the workspace's .git/config to a script that writes a marker file, and puts a
   * `git` wrapper first on the server's PATH that logs every call: any git process started for the
   * workspace (by anyone) leaves a trace. The driver proves both halves fire before starting the server.
   */
  readonly gitTrap: boolean;
  /**
   * The driver starts a watchman service in the run's TMPDIR (where the extension host's watchman client looks)
   * watching the workspace copy, as a user who runs watchman has one, and stops it after the run.
   */
  readonly watchman?: boolean;
}

const signingKey: KeySpec = { path: 'secrets/signing.pem', kind: 'ec-p256-pkcs8' };
/** Suppressed by the template's `.keywardignore`: hidden but counted when trusted, still reported in Restricted Mode. */
const suppressedKey: KeySpec = { path: 'fixtures/demo.pem', kind: 'ec-p256-sec1' };

export const scenarios: readonly Scenario[] = [
  {
    name: 'trusted',
    description: 'trusted workspace with a committed PEM private key',
    template: 'committed-key',
    trusted: true,
    suites: ['smoke', 'keys-first', 'trusted', 'history', 'advisory-hover', 'metrics', 'agent-tools'],
    keys: [signingKey, suppressedKey],
    gitCommit: true,
    // Here git may run (to tell committed keys), so the trap is the positive control: the wrapper must see
    // Keyward's git call, and the repository's fsmonitor program must still never run.
    gitTrap: true,
  },
  {
    name: 'restricted',
    description: 'Restricted Mode: same committed key, git config that runs a program',
    template: 'committed-key',
    trusted: false,
    suites: ['smoke', 'keys-first', 'restricted', 'metrics', 'agent-tools'],
    keys: [signingKey, suppressedKey],
    gitCommit: true,
    gitTrap: true,
  },
  {
    name: 'bundles',
    description: 'trusted workspace with the sample Sigstore bundle, a tampered artifact and broken bundles (copied by the suite)',
    template: 'bundles',
    trusted: true,
    suites: ['verify'],
    keys: [],
    gitCommit: false,
    gitTrap: false,
  },
  {
    name: 'bundles-restricted',
    description: 'Restricted Mode: workspace settings name a verification policy and a trusted root that must be ignored',
    template: 'bundles-restricted',
    trusted: false,
    suites: ['verify-restricted'],
    keys: [],
    gitCommit: false,
    gitTrap: false,
  },
  {
    name: 'migrate',
    description: 'trusted workspace whose release workflow signs with a cosign key from secrets: keyless migration, fix all',
    template: 'keyed-workflow',
    trusted: true,
    suites: ['migrate'],
    keys: [],
    // A git repository on `main`; the suite adds the origin remote itself, to see the facts refresh.
    gitCommit: true,
    gitTrap: false,
  },
  {
    name: 'watchman',
    description: "trusted git workspace watched by the user's watchman: the background re-scans keep its clock and answer from it",
    template: 'committed-key',
    trusted: true,
    suites: ['watchman'],
    keys: [signingKey],
    gitCommit: true,
    gitTrap: false,
    watchman: true,
  },
];

/**
 * Scenarios of the editor benchmark (bench/editor.mjs), never run by the e2e tests: their workspace is a
 * large tree the benchmark generates (and passes as `workspaceFolder`), so `template` is unused.
 */
export const benchScenarios: readonly Scenario[] = [
  {
    name: 'editor-bench',
    description: 'editor benchmark: a large generated workspace with a few planted keys',
    template: '',
    trusted: true,
    suites: ['editor-bench'],
    keys: [],
    gitCommit: false,
    gitTrap: false,
  },
];

/** The scenario the UI journey (route B, packaged .vsix) opens. */
export const uiJourneyScenario = 'trusted';

export function findScenario(name: string): Scenario {
  const found = [...scenarios, ...benchScenarios].find((s) => s.name === name);
  if (!found) throw new Error(`unknown e2e scenario "${name}" (known: ${scenarios.map((s) => s.name).join(', ')})`);
  return found;
}
