/**
 * Loads the engine bundle (`dist/engine.js`: rules, parsers, the advisory dataset, the workspace scan)
 * on first use, never during activation: VS Code evaluates only the adapter (`dist/extension.js`) when it
 * activates Keyward, and the engine follows when the first document check, scan, hover or code action
 * needs it, after `activate()` has returned. The adapter reaches every engine value through `engine()`;
 * engine types are imported with `import type`, which costs nothing at run time. The path is computed at
 * run time so esbuild leaves the require alone instead of inlining the engine into dist/extension.js
 * (the same pattern as the verifier, verify/load-verifier.ts).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as EngineModule from '../engine/api';

export type Engine = typeof EngineModule;

let loaded: Engine | undefined;
let loadStartedAt: number | undefined;
let loadMs: number | undefined;
let loadCpuMs: number | undefined;
const loadListeners: Array<(ms: number) => void> = [];

export class EngineMissingError extends Error {
  override readonly name = 'EngineMissingError';
}

/** The engine, required on the first call (synchronously: a few tens of milliseconds, once). */
export function engine(): Engine {
  if (loaded !== undefined) return loaded;
  // dist/engine.js sits next to dist/extension.js, the bundle this module is part of. Unbundled (unit tests
  // on the plain transpile in out/), the engine is the transpiled facade itself.
  const file = [path.join(__dirname, 'engine.js'), path.join(__dirname, '..', 'engine', 'api.js')].find((candidate) => existsSync(candidate));
  if (file === undefined)
    throw new EngineMissingError('the scanning engine (dist/engine.js) is missing from the extension: reinstall Keyward (or run "npm run build")');
  loadStartedAt = performance.now();
  const cpu = process.cpuUsage();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(file) as Engine;
  loadMs = performance.now() - loadStartedAt;
  const used = process.cpuUsage(cpu);
  loadCpuMs = (used.user + used.system) / 1000;
  for (const listener of loadListeners.splice(0)) listener(loadMs);
  return loaded;
}

/** When the engine was loaded (`performance.now()`) and how long requiring dist/engine.js took (read, compile, evaluate), in wall and CPU time. */
export function engineLoad(): { readonly startedAt: number; readonly ms: number; readonly cpuMs: number } | undefined {
  return loadStartedAt === undefined || loadMs === undefined || loadCpuMs === undefined
    ? undefined
    : { startedAt: loadStartedAt, ms: loadMs, cpuMs: loadCpuMs };
}

/** Calls `listener` with the load time when the engine is loaded (at once if it already is). */
export function onEngineLoaded(listener: (ms: number) => void): void {
  if (loadMs !== undefined) listener(loadMs);
  else loadListeners.push(listener);
}

/**
 * The engine's `errorClass` (error name and code, never the message, which may quote file contents), for
 * catch blocks: it must not throw when the error being described is that the engine could not be loaded.
 */
export function errorClass(error: unknown): string {
  if (loaded !== undefined) return loaded.errorClass(error);
  return error instanceof Error ? error.name : typeof error;
}
