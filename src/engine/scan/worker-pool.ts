import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { errorClass } from '../scanner';
import type { Cancellation, Logger } from '../types';
import type { FileOutcome, FileTask } from './disk-file';
import type { ChunkRequest, ChunkResult, WorkerSettings } from './protocol';

/** Files per message: large enough to amortise messaging, small enough to balance a few huge files. */
const CHUNK_FILES = 256;
const CHUNK_BYTES = 16 * 1024 * 1024;

/** The worker script next to this module: dist/scan-worker.js in the bundles, scan/scan-worker.js in out/. */
export function workerScript(): string | undefined {
  const script = path.join(__dirname, 'scan-worker.js');
  return existsSync(script) ? script : undefined;
}

export interface PoolRun {
  /** By task index; undefined for tasks not scanned (cancelled, or a worker failed). */
  readonly outcomes: (FileOutcome | undefined)[];
  readonly cancelled: boolean;
}

/**
 * Scans tasks on `workers` threads. Chunks are handed out as workers finish, so a worker that drew large
 * files does not hold up the others. A worker that fails leaves its tasks unscanned (the caller scans
 * them in-thread); cancellation stops handing out chunks.
 */
export async function scanInWorkers(
  tasks: readonly FileTask[],
  options: { readonly workers: number; readonly script: string; readonly settings: WorkerSettings; readonly logger: Logger; readonly cancellation?: Cancellation | undefined },
): Promise<PoolRun> {
  const chunks = chunk(tasks);
  const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(tasks.length);
  let nextChunk = 0;
  let cancelled = false;

  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(options.script, { workerData: options.settings });
      let current: { id: number; first: number } | undefined;
      const finish = (): void => {
        void worker.terminate();
        resolve();
      };
      const dispatch = (): void => {
        if (options.cancellation?.isCancellationRequested) cancelled = true;
        const id = nextChunk++;
        const next = chunks[id];
        if (cancelled || !next) {
          finish();
          return;
        }
        current = { id, first: next.first };
        const request: ChunkRequest = { id, tasks: next.tasks };
        worker.postMessage(request);
      };
      worker.on('message', (result: ChunkResult) => {
        for (const [level, message] of result.logs) options.logger[level](message);
        result.outcomes.forEach((outcome, offset) => (outcomes[current!.first + offset] = outcome));
        dispatch();
      });
      worker.on('exit', () => resolve());
      worker.on('error', (error) => {
        options.logger.warn(`scan worker failed (${errorClass(error)}): its files are scanned in the main thread`);
        finish();
      });
      dispatch();
    });

  await Promise.all(Array.from({ length: Math.min(options.workers, chunks.length) }, runWorker));
  return { outcomes, cancelled };
}

function chunk(tasks: readonly FileTask[]): { first: number; tasks: FileTask[] }[] {
  const chunks: { first: number; tasks: FileTask[] }[] = [];
  let current: FileTask[] = [];
  let bytes = 0;
  let first = 0;
  tasks.forEach((task, index) => {
    if (current.length === 0) first = index;
    current.push(task);
    bytes += task.size;
    if (current.length >= CHUNK_FILES || bytes >= CHUNK_BYTES) {
      chunks.push({ first, tasks: current });
      current = [];
      bytes = 0;
    }
  });
  if (current.length > 0) chunks.push({ first, tasks: current });
  return chunks;
}
