import * as vscode from 'vscode';
import { engine } from './engine-loader';

/** Keyward's settings for one workspace folder, already combined with VS Code's `files.exclude`. */
export interface KeywardConfig {
  /** Globs relative to the folder: `keyward.exclude` plus the enabled `files.exclude` entries. */
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
  readonly scanOnStartup: boolean;
  /** Whether re-scans may ask the user's watchman what changed (scan/watchman-journal.ts); a user setting (scope `machine`). */
  readonly useWatchman: boolean;
}

/**
 * Reads the settings for `folder`. In an untrusted workspace only user-level (and default) values are
 * used for anything that could hide findings: a repository must not be able to silence the scanner
 * about its own committed key through `.vscode/settings.json`. VS Code applies `restrictedConfigurations`
 * itself; reading `inspect()` here makes the rule explicit and covers `files.exclude`, which is not ours.
 */
export function readConfig(folder: vscode.WorkspaceFolder | undefined, trusted: boolean): KeywardConfig {
  const keyward = vscode.workspace.getConfiguration('keyward', folder);
  const exclude = stringArray(setting(keyward, 'exclude', trusted, []));
  const respectFilesExclude = setting(keyward, 'respectFilesExclude', trusted, true) !== false;
  const filesExclude = respectFilesExclude ? enabledGlobs(setting(vscode.workspace.getConfiguration('files', folder), 'exclude', trusted, {})) : [];
  return {
    exclude: [...new Set([...exclude, ...filesExclude])],
    maxFileSize: positiveNumber(setting(keyward, 'maxFileSize', trusted, undefined)),
    scanOnStartup: setting(keyward, 'scanOnStartup', trusted, true) !== false,
    // Scope `machine`: VS Code reads it from user settings only, in any workspace.
    useWatchman: keyward.get<unknown>('useWatchman', true) !== false,
  };
}

/** Whether a configuration change event touches anything `readConfig` reads. */
export function affectsKeyward(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('keyward') || event.affectsConfiguration('files.exclude');
}

function setting(config: vscode.WorkspaceConfiguration, key: string, trusted: boolean, fallback: unknown): unknown {
  if (trusted) return config.get<unknown>(key, fallback);
  const inspected = config.inspect<unknown>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** `files.exclude` maps globs to `true`, `false` or `{ when }`; only plain `true` entries exclude unconditionally. */
function enabledGlobs(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, enabled]) => enabled === true)
    .map(([glob]) => glob);
}

/** Falls back to the engine's default (package.json declares the same default, so this is rarely reached). */
function positiveNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : engine().DEFAULT_MAX_FILE_SIZE;
}
