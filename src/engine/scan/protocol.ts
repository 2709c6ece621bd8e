import type { FileScanInput, FileScanReport } from './scanner';
import type { KeywardIgnoreEntry } from '../findings/suppress';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import type { WireOutcome, WireTask } from './chunk-wire';

/** What every scan worker needs, as plain data (workerData). */
export interface WorkerSettings {
  readonly maxFileSize: number;
  readonly keywardIgnore: readonly KeywardIgnoreEntry[];
  readonly workspace: WorkspaceFacts;
  /** The repository's suppressions do not hide key findings. */
  readonly untrusted?: boolean;
  /** The workspace root with one trailing separator: tasks sent as strings are paths under it (chunk-wire.ts). */
  readonly rootPrefix?: string;
}

export interface ChunkRequest {
  readonly tasks: readonly WireTask[];
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ChunkResult {
  readonly outcomes: readonly WireOutcome[];
  /** Log lines written while scanning the chunk, replayed by the main thread's logger. */
  readonly logs: readonly (readonly [LogLevel, string])[];
}

/** One editor document to check (scanFile on its text). */
export interface TextRequest {
  readonly id: number;
  readonly input: FileScanInput;
  readonly untrusted?: boolean;
}

export interface TextResult {
  readonly id: number;
  readonly report: FileScanReport;
  readonly logs: readonly (readonly [LogLevel, string])[];
}
