import type { Cancellation } from '../types';
import type { DiskFileScanner, FileOutcome, FileTask } from './disk-file';

/** How long the main thread reads files before it lets other work (an editor's events) run. */
const SLICE_MS = 10;

/**
 * Scans tasks in this thread, in short synchronous slices: fast on small workspaces, and the event loop
 * (and with it cancellation) is never held for more than a slice.
 */
export async function scanSerially(
  tasks: readonly FileTask[],
  scanner: DiskFileScanner,
  cancellation: Cancellation | undefined,
  onOutcome: (task: FileTask, outcome: FileOutcome) => void,
): Promise<{ cancelled: boolean }> {
  let sliceStart = Date.now();
  for (const task of tasks) {
    if (Date.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
    if (cancellation?.isCancellationRequested) return { cancelled: true };
    onOutcome(task, scanner.scan(task));
  }
  return { cancelled: false };
}
