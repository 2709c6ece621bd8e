// The results file the in-host runner writes and the driver reads: plain JSON, no secrets (test titles,
// states and assertion messages only, and Keyward's own timing metrics).
import type { KeywardMetrics } from '../../../src/vscode/metrics';

export type TestState = 'passed' | 'failed' | 'pending';

export interface TestResult {
  readonly title: string;
  readonly state: TestState;
  readonly durationMs: number;
  readonly error?: string;
}

export interface RunResults {
  readonly scenario: string;
  readonly vscodeVersion: string;
  readonly workspaceTrusted: boolean;
  readonly tests: readonly TestResult[];
  /** `KeywardApi.metrics()` after the suites ran, when Keyward was active (copied to .e2e/metrics.json). */
  readonly metrics?: KeywardMetrics;
  /** Set when the runner itself failed (a suite did not load, mocha threw). */
  readonly runnerError?: string;
}
