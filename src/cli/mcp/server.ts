/**
 * `keyward mcp`: the agent tools over the Model Context Protocol (stdio), with the official SDK's
 * low-level `Server`. Bundled alone as dist/mcp.js and loaded only by `keyward mcp` (src/cli/mcp-command.ts),
 * so `keyward scan` never evaluates the SDK. The tools' work and their specs are injected
 * (`McpToolHandlers`): this bundle holds the protocol only, the engine stays in dist/cli.js.
 *
 * The tools are listed with the JSON schemas of engine/agent/tool-specs.ts, the same ones package.json gives
 * VS Code (the SDK's `McpServer` would need them restated as zod schemas, and zod would triple this bundle).
 * stdout belongs to the protocol: nothing else may write there (logs go to stderr).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AgentToolName, AgentToolSpec } from '../../engine/agent/tool-specs';

export interface McpToolHandlers {
  readonly version: string;
  readonly tools: readonly AgentToolSpec[];
  /** An error sentence when the arguments do not fit the tool's schema (engine/agent `checkToolInput`). */
  checkInput(spec: AgentToolSpec, input: unknown): string | undefined;
  /** Runs a tool on checked arguments; answers with secret-free JSON text (engine/agent/secret-free.ts). */
  call(name: AgentToolName, input: Readonly<Record<string, string>>): Promise<McpAnswer>;
}

export interface McpAnswer {
  readonly json: string;
  readonly isError: boolean;
}

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export function createMcpServer(handlers: McpToolHandlers): Server {
  const server = new Server({ name: 'keyward', version: handlers.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: handlers.tools.map((spec) => ({
      name: spec.name,
      title: spec.displayName,
      description: spec.description,
      inputSchema: spec.inputSchema as { type: 'object' },
      annotations: READ_ONLY,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const spec = handlers.tools.find((tool) => tool.name === request.params.name);
    const input = request.params.arguments ?? {};
    const problem = spec === undefined ? `no tool "${request.params.name.slice(0, 60)}"` : handlers.checkInput(spec, input);
    const result =
      spec === undefined || problem !== undefined
        ? { json: JSON.stringify({ ok: false, error: problem }), isError: true }
        : await handlers.call(spec.name, input as Record<string, string>);
    return { content: [{ type: 'text', text: result.json }], ...(result.isError ? { isError: true } : {}) };
  });
  return server;
}

/** Serves on stdin/stdout until the client closes stdin. */
export async function serveMcpStdio(handlers: McpToolHandlers): Promise<void> {
  const server = createMcpServer(handlers);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(new StdioServerTransport());
  await closed;
  await server.close();
}
