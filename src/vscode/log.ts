import { format } from 'node:util';
import * as vscode from 'vscode';
import { escapeForDisplay } from '../engine/text/display-escape';
import type { Logger } from '../engine/types';

export interface ExtensionLog extends vscode.Disposable {
  /** The "Keyward" output channel: its log level is the user's choice (Output view ⚙ / "Developer: Set Log Level"). */
  readonly channel: vscode.LogOutputChannel;
  /** The channel as the engine's `Logger`. */
  readonly logger: Logger;
}

/**
 * Creates the "Keyward" log channel. On CI (`CI=true`) every line is mirrored to the console as well,
 * so that a failing end-to-end run shows what the extension did (as ruff-vscode does). Callers never
 * pass secret material: the engine's messages are already masked.
 */
export function createLog(): ExtensionLog {
  const channel = vscode.window.createOutputChannel('Keyward', { log: true });
  const mirror = process.env['CI'] === 'true';
  const line =
    (level: keyof Logger) =>
    (message: string, ...args: unknown[]): void => {
      // Messages name workspace files: their control and bidi characters are shown escaped.
      const text = escapeForDisplay(args.length > 0 ? format(message, ...args) : message);
      channel[level](text);
      if (mirror) console.log(`[keyward ${level}] ${text}`);
    };
  return {
    channel,
    logger: { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
    dispose: () => channel.dispose(),
  };
}
