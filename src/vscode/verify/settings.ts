/**
 * The verification settings: `keyward.verify.policies`, `keyward.verify.trustedRoot` and
 * `keyward.verify.online`, all restricted configurations: in an untrusted workspace only user-level
 * values count. The first two could weaken verification (a repository could name its own trusted
 * root, or expect its own attacker as signer). VS Code enforces that too; reading `inspect()`
 * makes the rule explicit here. `online` cannot weaken verification (it only contacts the public-good
 * TUF mirror, verified from the embedded TUF root), but it makes Keyward use the network, which only the
 * user may decide: an untrusted repository cannot turn it on either.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePolicyEntries, type PolicyEntry } from './policy-match';

export const SECTION = 'keyward.verify';

export interface VerifySettings {
  readonly policies: readonly PolicyEntry[];
  /** Entries dropped because they lack a glob, an identity or an issuer. */
  readonly invalidPolicies: number;
  /** Absolute path of the trusted_root.json to use, if set. */
  readonly trustedRootPath?: string;
  readonly online: boolean;
}

export function readVerifySettings(folder: vscode.WorkspaceFolder | undefined): VerifySettings {
  const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
  const trusted = vscode.workspace.isTrusted;
  const { entries, invalid } = parsePolicyEntries(restricted(config, 'policies', trusted));
  const root = restricted(config, 'trustedRoot', trusted);
  return {
    policies: entries,
    invalidPolicies: invalid,
    ...(typeof root === 'string' && root.trim() !== '' ? { trustedRootPath: resolveSettingPath(root.trim(), folder) } : {}),
    online: restricted(config, 'online', trusted) === true,
  };
}

function restricted(config: vscode.WorkspaceConfiguration, key: string, trusted: boolean): unknown {
  if (trusted) return config.get<unknown>(key);
  const inspected = config.inspect<unknown>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** `~/x`, `${workspaceFolder}/x`, absolute, or relative to the workspace folder. */
function resolveSettingPath(value: string, folder: vscode.WorkspaceFolder | undefined): string {
  const base = folder?.uri.fsPath ?? homedir();
  const expanded = value.replace(/^\$\{workspaceFolder\}/, base).replace(/^~(?=$|[/\\])/, homedir());
  return path.resolve(base, expanded);
}

/** The trusted root file's text, or a one-line reason it cannot be read. */
export function readTrustedRootFile(file: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    return { ok: false, message: `cannot read the trusted root set in keyward.verify.trustedRoot (${file}): ${why}` };
  }
}

/** Appends (or replaces, for the same glob) a policy entry in the folder's workspace settings. */
export async function savePolicy(entry: PolicyEntry, folder: vscode.WorkspaceFolder | undefined): Promise<vscode.ConfigurationTarget> {
  const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
  const inspected = config.inspect<unknown>('policies');
  const target = folder !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  const current = folder !== undefined ? inspected?.workspaceFolderValue : inspected?.globalValue;
  const existing = Array.isArray(current) ? (current as unknown[]) : [];
  const kept = existing.filter((item) => !(typeof item === 'object' && item !== null && (item as { artifacts?: unknown }).artifacts === entry.artifacts));
  await config.update('policies', [...kept, { ...entry }], target);
  return target;
}
