import { Worker } from 'node:worker_threads';
import { errorClass, scanFileReport, type FileScanInput, type FileScanReport } from './scanner';
import type { Finding, Logger } from '../types';
import type { TextRequest, TextResult, WorkerSettings } from './protocol';
import { workerScript } from './worker-pool';

interface Pending {
  readonly input: FileScanInput;
  readonly untrusted: boolean;
  readonly resolve: (report: FileScanReport) => void;
}

/**
 * Checks editor documents on a worker thread: parsing a large YAML workflow takes the `yaml` library
 * tens to hundreds of milliseconds, which must not hold up the editor's extension host. Results are those
 * of `scanFile` without file suppressions (the caller applies its own). Where no worker can run (no
 * worker script, or the worker failed), documents are checked in this thread instead.
 */
export class TextScanWorker {
  private worker: Worker | undefined;
  private unavailable = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  /** `script`: the worker script (tests give a broken one); default: dist/scan-worker.js next to the engine. */
  constructor(
    private readonly logger: Logger,
    private readonly script: string | undefined = workerScript(),
  ) {}

  async scan(input: FileScanInput): Promise<Finding[]> {
    return (await this.scanReport(input)).findings;
  }

  /**
   * `scan`, with the findings its inline suppressions hide (`untrusted`: see suppress.ts `honoursSuppression`),
   * the findings past the caps and the rules that failed (see FileScanReport).
   */
  scanReport(input: FileScanInput, options: { readonly untrusted?: boolean } = {}): Promise<FileScanReport> {
    const untrusted = options.untrusted === true;
    const worker = this.start();
    if (!worker) return Promise.resolve(scanFileReport(input, { logger: this.logger, untrusted, skipInertJobs: true }));
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, { input, untrusted, resolve });
      const request: TextRequest = { id, input, untrusted };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.unavailable = true;
    this.drainInThread();
  }

  private start(): Worker | undefined {
    if (this.worker || this.unavailable) return this.worker;
    const script = this.script;
    if (!script) {
      this.unavailable = true;
      return undefined;
    }
    const settings: WorkerSettings = { maxFileSize: 0, keywardIgnore: [], workspace: {} };
    const worker = new Worker(script, { workerData: settings });
    // A document check in flight must not keep the process alive on its own.
    worker.unref();
    worker.on('message', (result: TextResult) => {
      for (const [level, message] of result.logs) this.logger[level](message);
      this.pending.get(result.id)?.resolve(result.report);
      this.pending.delete(result.id);
    });
    const lose = (why: string): void => {
      if (this.worker !== worker) return;
      this.logger.warn(`document check worker failed (${why}): checking documents in this thread`);
      this.worker = undefined;
      this.unavailable = true;
      this.drainInThread();
    };
    worker.on('error', (error) => lose(errorClass(error)));
    // Ending on its own (killed, out of memory) would leave checks waiting forever.
    worker.on('exit', (code) => lose(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  /** Answers every check still waiting for a worker that is gone. */
  private drainInThread(): void {
    for (const { input, untrusted, resolve } of this.pending.values()) resolve(scanFileReport(input, { logger: this.logger, untrusted, skipInertJobs: true }));
    this.pending.clear();
  }
}
