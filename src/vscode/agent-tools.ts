/**
 * The agent tools as VS Code language-model tools (agent mode, `#keywardScan` …): `keyward_scan`,
 * `keyward_explain`, `keyward_verify_bundle`, declared in package.json `contributes.languageModelTools`.
 * Registered at activation (cheap: three objects); the engine (dist/engine.js) and the verifier
 * (dist/verify.js) load inside `invoke`, on the first call. All three are read-only, so none asks for
 * confirmation; every answer is JSON from engine/agent, checked by `secretFreeJson` before it is returned.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentScanInput, AgentVerifyInput } from '../engine/agent';
import type { Logger } from '../engine/types';
import { readConfig } from './config';
import { engine, errorClass } from './engine-loader';
import { loadVerifier } from './verify/load-verifier';

export function registerAgentTools(extensionPath: string, logger: Logger): vscode.Disposable {
  const tools = agentTools(extensionPath, logger);
  return vscode.Disposable.from(
    vscode.lm.registerTool('keyward_scan', tools.keyward_scan),
    vscode.lm.registerTool('keyward_explain', tools.keyward_explain),
    vscode.lm.registerTool('keyward_verify_bundle', tools.keyward_verify_bundle),
  );
}

export interface AgentTools {
  readonly keyward_scan: vscode.LanguageModelTool<AgentScanInput>;
  readonly keyward_explain: vscode.LanguageModelTool<{ rule: string }>;
  readonly keyward_verify_bundle: vscode.LanguageModelTool<AgentVerifyInput>;
}

/** The tool implementations (exported for the end-to-end test of `prepareInvocation`). */
export function agentTools(extensionPath: string, logger: Logger): AgentTools {
  return {
    keyward_scan: {
      prepareInvocation: (options) => ({
        invocationMessage:
          options.input.target === 'staged' ? 'Keyward: scanning the staged changes' : `Keyward: scanning ${options.input.path ?? 'the workspace'}`,
      }),
      invoke: (options, token) =>
        answer(async () => {
          const located = locate(options.input.path);
          if (located === undefined) return { ok: false, error: 'no workspace folder is open' };
          const trusted = vscode.workspace.isTrusted;
          const config = readConfig(located.folder, trusted);
          const input = { ...options.input, ...(located.relative !== undefined ? { path: located.relative } : {}) };
          return engine().runAgentScan(input, {
            root: located.folder.uri.fsPath,
            trusted,
            logger,
            cancellation: token,
            exclude: config.exclude,
            maxFileSize: config.maxFileSize,
            offMainThread: true,
          });
        }),
    },
    keyward_explain: {
      prepareInvocation: (options) => ({ invocationMessage: `Keyward: explaining ${String(options.input.rule).slice(0, 40)}` }),
      invoke: (options) => answer(async () => engine().explainRule(String(options.input.rule))),
    },
    keyward_verify_bundle: {
      prepareInvocation: () => ({ invocationMessage: 'Keyward: verifying a Sigstore bundle offline' }),
      invoke: (options) =>
        answer(async () => {
          const input = {
            ...options.input,
            bundle: absolute(options.input.bundle) ?? options.input.bundle,
            ...(options.input.artifact !== undefined ? { artifact: absolute(options.input.artifact) ?? options.input.artifact } : {}),
          };
          if (!path.isAbsolute(input.bundle)) return { ok: false, error: 'no workspace folder is open: give absolute paths' };
          return engine().runAgentVerify(input, { root: path.dirname(input.bundle), verifier: loadVerifier(extensionPath) });
        }),
    },
  };

  async function answer(run: () => Promise<{ ok: boolean }>): Promise<vscode.LanguageModelToolResult> {
    let json: string;
    try {
      json = engine().secretFreeJson(await run());
    } catch (error) {
      // The class only: a message could quote scanned content.
      logger.warn(`agent tool failed: ${errorClass(error)}`);
      json = JSON.stringify({ ok: false, error: `internal error (${errorClass(error)})` });
    }
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(json)]);
  }
}

/** A tool path made absolute (see `locate`); undefined when no folder is open and the path is relative. */
function absolute(input: string): string | undefined {
  if (path.isAbsolute(input)) return input;
  const located = locate(input);
  return located === undefined ? undefined : path.join(located.folder.uri.fsPath, located.relative ?? '.');
}

/**
 * The workspace folder a tool path belongs to: an absolute path's folder; `name/rest` where `name` is a
 * folder of a multi-root workspace; otherwise relative to the first folder. `relative` is the path inside it.
 */
function locate(input: string | undefined): { folder: vscode.WorkspaceFolder; relative: string | undefined } | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const first = folders[0];
  if (first === undefined) return undefined;
  if (input === undefined) return { folder: first, relative: undefined };
  if (path.isAbsolute(input)) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(input));
    // Outside every folder: the engine refuses it against the first folder.
    return folder === undefined ? { folder: first, relative: input } : { folder, relative: path.relative(folder.uri.fsPath, input) || '.' };
  }
  const [head, ...rest] = input.split(/[\\/]/);
  const named = folders.length > 1 ? folders.find((folder) => folder.name === head) : undefined;
  return named === undefined ? { folder: first, relative: input } : { folder: named, relative: rest.join('/') || '.' };
}
