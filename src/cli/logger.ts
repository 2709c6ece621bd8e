import { escapeForDisplay } from '../engine/text/display-escape';
import type { Logger } from '../engine/types';

/** Logs to stderr so that stdout stays a clean report; debug/trace only with --verbose. Messages name files: escaped. */
export function stderrLogger(verbose: boolean): Logger {
  const write = (level: string) => (message: string) => process.stderr.write(`keyward ${level}: ${escapeForDisplay(message)}\n`);
  const quiet = () => {};
  return {
    trace: verbose ? write('trace') : quiet,
    debug: verbose ? write('debug') : quiet,
    info: verbose ? write('info') : quiet,
    warn: write('warning'),
    error: write('error'),
  };
}
