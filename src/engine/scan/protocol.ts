import type { FileScanInput, FileScanReport } from './scanner';
import type { KeywardIgnoreEntry } from '../findings/suppress';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import type { FileOutcome, FileTask } from './disk-file';

/** What every scan worker needs, as plain data (workerData). */
export interface WorkerSettings {
  readonly maxFileSize: number;
  readonly keywardIgnore: readonly KeywardIgnoreEntry[];
  readonly workspace: WorkspaceFacts;
  /** The repository's suppressions do not hide key findings. */
  readonly untrusted?: boolean;
}

export interface ChunkRequest {
  readonly tasks: readonly FileTask[];
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ChunkResult {
  readonly outcomes: readonly FileOutcome[];
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
