import { Worker } from 'node:worker_threads';
import { errorClass, scanFile, type FileScanInput } from '../scanner';
import type { Finding, Logger } from '../types';
import type { TextRequest, TextResult, WorkerSettings } from './protocol';
import { workerScript } from './worker-pool';

interface Pending {
  readonly input: FileScanInput;
  readonly resolve: (findings: Finding[]) => void;
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

  constructor(private readonly logger: Logger) {}

  scan(input: FileScanInput): Promise<Finding[]> {
    const worker = this.start();
    if (!worker) return Promise.resolve(scanFile(input, { logger: this.logger }));
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, { input, resolve });
      const request: TextRequest = { id, input };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.unavailable = true;
    this.drainInThread();
  }

  private start(): Worker | undefined {
    if (this.worker || this.unavailable) return this.worker;
    const script = workerScript();
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
      this.pending.get(result.id)?.resolve([...result.findings]);
      this.pending.delete(result.id);
    });
    worker.on('error', (error) => {
      this.logger.warn(`document check worker failed (${errorClass(error)}): checking documents in the extension host`);
      this.worker = undefined;
      this.unavailable = true;
      this.drainInThread();
    });
    this.worker = worker;
    return worker;
  }

  /** Answers every check still waiting for a worker that is gone. */
  private drainInThread(): void {
    for (const { input, resolve } of this.pending.values()) resolve(scanFile(input, { logger: this.logger }));
    this.pending.clear();
  }
}
