/**
 * `keyward mcp`: the agent tools over the Model Context Protocol (stdio), with the official SDK. Bundled
 * alone as dist/mcp.js and loaded only by `keyward mcp` (src/cli/mcp-command.ts), so `keyward scan` never
 * evaluates the SDK. The tools' work is injected (`McpToolHandlers`): this bundle holds the protocol only,
 * the engine stays in dist/cli.js.
 *
 * stdout belongs to the protocol: nothing else may write there (logs go to stderr).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import type { AgentToolName } from '../../engine/agent/tool-specs';

/** Each handler answers with secret-free JSON text (engine/agent/secret-free.ts) and whether it is an error. */
export interface McpToolHandlers {
  readonly version: string;
  readonly descriptions: Readonly<Record<AgentToolName, string>>;
  scan(input: { path?: string | undefined; target?: 'path' | 'staged' | undefined }): Promise<McpAnswer>;
  explain(input: { rule: string }): McpAnswer;
  verify(input: { bundle: string; artifact?: string | undefined; digest?: string | undefined; identity?: string | undefined; issuer?: string | undefined; identityRegExp?: string | undefined; issuerRegExp?: string | undefined }): McpAnswer;
}

export interface McpAnswer {
  readonly json: string;
  readonly isError: boolean;
}

export function createMcpServer(handlers: McpToolHandlers): McpServer {
  const server = new McpServer({ name: 'keyward', version: handlers.version });
  const answer = (result: McpAnswer) => ({ content: [{ type: 'text' as const, text: result.json }], ...(result.isError ? { isError: true } : {}) });
  const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: false };
  server.registerTool(
    'keyward_scan',
    {
      title: 'Scan for signing keys and insecure Sigstore configuration',
      description: handlers.descriptions.keyward_scan,
      inputSchema: {
        path: z.string().optional().describe('File or folder to scan, relative to the workspace folder (default: the whole workspace). Ignored when target is "staged".'),
        target: z.enum(['path', 'staged']).optional().describe('"path" (default): the files on disk; "staged": the changes staged for the next git commit (needs a trusted workspace).'),
      },
      annotations: readOnly,
    },
    async (input) => answer(await handlers.scan(input)),
  );
  server.registerTool(
    'keyward_explain',
    {
      title: 'Explain a Keyward rule',
      description: handlers.descriptions.keyward_explain,
      inputSchema: { rule: z.string().describe('Rule id (KW101) or name (private-key).') },
      annotations: readOnly,
    },
    (input) => answer(handlers.explain(input)),
  );
  server.registerTool(
    'keyward_verify_bundle',
    {
      title: 'Verify a Sigstore bundle offline',
      description: handlers.descriptions.keyward_verify_bundle,
      inputSchema: {
        bundle: z.string().describe('Path of the bundle (*.sigstore.json), relative to the workspace folder or absolute.'),
        artifact: z.string().optional().describe('Path of the signed file, relative to the workspace folder or absolute (or give digest).'),
        digest: z.string().optional().describe("The artifact's digest, sha256:<64 hex digits>, instead of the file."),
        identity: z.string().optional().describe('Exact certificate identity (SAN) that must have signed.'),
        issuer: z.string().optional().describe('Exact OIDC issuer of that identity.'),
        identityRegExp: z.string().optional().describe('Anchored regular expression (^…$) for the identity, instead of identity.'),
        issuerRegExp: z.string().optional().describe('Anchored regular expression (^…$) for the issuer, instead of issuer.'),
      },
      annotations: readOnly,
    },
    (input) => answer(handlers.verify(input)),
  );
  return server;
}

/** Serves on stdin/stdout until the client closes stdin. */
export async function serveMcpStdio(handlers: McpToolHandlers): Promise<void> {
  const server = createMcpServer(handlers);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(new StdioServerTransport());
  await closed;
  await server.close();
}
