import { errorClass } from '../engine/scan/scanner';
import { KEYWARD_VERSION } from '../engine/project';
import { escapeForDisplay } from '../engine/text/display-escape';
import { parseCliArgs, USAGE, UsageError } from './args';
import { runConformance } from './conformance';
import { runMcp } from './mcp-command';
import { runScan } from './scan-command';
import { processIo, runVerify } from './verify-command';

/** The `keyward` command. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case 'version':
        process.stdout.write(`${KEYWARD_VERSION}\n`);
        return 0;
      case 'scan':
        return await runScan(args, { cwd: process.cwd(), stdoutIsTTY: process.stdout.isTTY === true });
      case 'verify':
        return await runVerify(args.argv, processIo());
      case 'conformance':
        return runConformance(args.argv, processIo());
      case 'mcp':
        return await runMcp(args.argv, processIo());
    }
  } catch (error) {
    if (error instanceof UsageError) {
      // Usage errors quote paths, which can come from a repository (a planted symlink's name).
      process.stderr.write(`keyward: ${escapeForDisplay(error.message)}\nRun "keyward help" for usage.\n`);
      return 2;
    }
    // Internal errors: say what kind, never dump a message that could quote scanned content.
    process.stderr.write(`keyward: internal error (${errorClass(error)}). Re-run with --verbose and report it.\n`);
    if (argv.includes('--verbose') && error instanceof Error && error.stack) process.stderr.write(`${error.stack.split('\n').slice(1).join('\n')}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
