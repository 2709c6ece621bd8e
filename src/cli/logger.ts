import type { Logger } from '../engine/types';

/** Logs to stderr so that stdout stays a clean report; debug/trace only with --verbose. */
export function stderrLogger(verbose: boolean): Logger {
  const write = (level: string) => (message: string) => process.stderr.write(`keyward ${level}: ${message}\n`);
  const quiet = () => {};
  return {
    trace: verbose ? write('trace') : quiet,
    debug: verbose ? write('debug') : quiet,
    info: verbose ? write('info') : quiet,
    warn: write('warning'),
    error: write('error'),
  };
}
