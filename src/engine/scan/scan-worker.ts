/**
 * Entry point of a scan worker thread (bundled as dist/scan-worker.js). It scans the chunks of files the
 * main thread sends, with the same code as a serial scan, and posts the outcomes back; or, for the editor,
 * single documents' text (see text-scan-worker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFileReport } from './scanner';
import { createFileSuppressions, NO_FILE_SUPPRESSIONS } from '../findings/suppress';
import type { Logger } from '../types';
import { fromWireTask, toWireOutcome } from './chunk-wire';
import { DiskFileScanner } from './disk-file';
import type { ChunkRequest, ChunkResult, LogLevel, TextRequest, TextResult, WorkerSettings } from './protocol';

const settings = workerData as WorkerSettings;
let logs: [LogLevel, string][] = [];
const bufferedLogger: Logger = {
  trace: (message) => logs.push(['trace', message]),
  debug: (message) => logs.push(['debug', message]),
  info: (message) => logs.push(['info', message]),
  warn: (message) => logs.push(['warn', message]),
  error: (message) => logs.push(['error', message]),
};
const scanner = new DiskFileScanner({
  maxFileSize: settings.maxFileSize,
  suppressions: settings.keywardIgnore.length > 0 ? createFileSuppressions(settings.keywardIgnore) : NO_FILE_SUPPRESSIONS,
  workspace: settings.workspace,
  untrusted: settings.untrusted === true,
  logger: bufferedLogger,
});

parentPort?.on('message', (request: ChunkRequest | TextRequest) => {
  if ('input' in request) {
    const report = scanFileReport(request.input, { logger: bufferedLogger, untrusted: request.untrusted === true, skipInertJobs: true });
    const result: TextResult = { id: request.id, report, logs };
    logs = [];
    parentPort?.postMessage(result);
    return;
  }
  const rootPrefix = settings.rootPrefix ?? '';
  const outcomes = request.tasks.map((task) => toWireOutcome(scanner.scan(fromWireTask(task, rootPrefix))));
  const result: ChunkResult = { outcomes, logs };
  logs = [];
  parentPort?.postMessage(result);
});
