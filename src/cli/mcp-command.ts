/**
 * `keyward mcp [--root DIR] [--untrusted]`: wires the engine's agent tools (src/engine/agent) to the MCP
 * server in dist/mcp.js, which is required here, at run time, so the SDK stays out of dist/cli.js.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explainRule } from '../engine/agent/explain-tool';
import { runAgentScan } from '../engine/agent/scan-tool';
import { secretFreeJson } from '../engine/agent/secret-free';
import { AGENT_TOOLS, checkToolInput } from '../engine/agent/tool-specs';
import { runAgentVerify } from '../engine/agent/verify-tool';
import { KEYWARD_VERSION } from '../engine/project';
import { errorClass } from '../engine/scan/scanner';
import { UsageError } from './args';
import { stderrLogger } from './logger';
import type * as McpModule from './mcp/server';
import { loadVerifier, parse, type CliIo } from './verify-command';

export async function runMcp(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { root: { type: 'string' }, untrusted: { type: 'boolean' }, verbose: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError('keyward mcp takes no arguments (use --root DIR)');
  const root = resolve(io.cwd, typeof values['root'] === 'string' ? values['root'] : '.');
  if (!isDirectory(root)) throw new UsageError(`the root "${root}" is not a folder`);
  const trusted = values['untrusted'] !== true;
  const logger = stderrLogger(values['verbose'] === true);
  await loadMcp().serveMcpStdio(mcpHandlers(root, trusted, logger));
  return 0;
}

export function mcpHandlers(root: string, trusted: boolean, logger = stderrLogger(false)): McpModule.McpToolHandlers {
  return {
    version: KEYWARD_VERSION,
    tools: AGENT_TOOLS,
    checkInput: checkToolInput,
    call: async (name, input) => {
      try {
        switch (name) {
          case 'keyward_scan':
            return answerOf(await runAgentScan({ path: input['path'], target: input['target'] === 'staged' ? 'staged' : 'path' }, { root, trusted, logger }));
          case 'keyward_explain':
            return answerOf(explainRule(input['rule'] ?? ''));
          case 'keyward_verify_bundle':
            return answerOf(runAgentVerify({ ...input, bundle: input['bundle'] ?? '' }, { root, verifier: loadVerifier() }));
        }
      } catch (error) {
        return failed(error);
      }
    },
  };
}

function answerOf(value: { ok: boolean }): McpModule.McpAnswer {
  return { json: secretFreeJson(value), isError: !value.ok };
}

/** An internal error: its class only, never its message (which could quote scanned content). */
function failed(error: unknown): McpModule.McpAnswer {
  return { json: JSON.stringify({ ok: false, error: `internal error (${errorClass(error)})` }), isError: true };
}

let loaded: typeof McpModule | undefined;

/** dist/mcp.js next to the running bundle, or the plain transpile (out/, unit tests). */
function loadMcp(): typeof McpModule {
  if (loaded !== undefined) return loaded;
  const found = [join(__dirname, 'mcp.js'), join(__dirname, 'mcp', 'server.js')].find((candidate) => existsSync(candidate));
  if (found === undefined) throw new UsageError('the MCP server (mcp.js) is missing next to the keyward CLI: rebuild with "npm run build"');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(found) as typeof McpModule;
  return loaded;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
