/**
 * Names, descriptions and input JSON schemas of the agent tools: the single source for package.json's
 * `contributes.languageModelTools` (a unit test compares them) and for `keyward mcp` (its test compares
 * the schemas the MCP server lists).
 */
export type AgentToolName = 'keyward_scan' | 'keyward_explain' | 'keyward_verify_bundle';

export interface AgentToolSpec {
  readonly name: AgentToolName;
  readonly displayName: string;
  readonly description: string;
  readonly inputSchema: {
    readonly type: 'object';
    readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly required?: readonly string[];
  };
}

const pathProperty = {
  type: 'string',
  description: 'File or folder to scan, relative to the workspace folder (default: the whole workspace). Ignored when target is "staged".',
};
const targetProperty = {
  type: 'string',
  enum: ['path', 'staged'],
  description: '"path" (default): the files on disk; "staged": the changes staged for the next git commit (needs a trusted workspace).',
};

export const AGENT_TOOLS: readonly AgentToolSpec[] = [
  {
    name: 'keyward_scan',
    displayName: 'Keyward: scan for signing keys and insecure Sigstore configuration',
    description:
      'Scans a file, a folder or the staged git changes of the workspace, offline, for committed private signing keys and insecure cosign/Sigstore configuration. Returns JSON: a summary and findings (rule id, severity, path, line, masked message, fix titles). Never returns key material. Read-only: it changes no file.',
    inputSchema: { type: 'object', properties: { path: pathProperty, target: targetProperty } },
  },
  {
    name: 'keyward_explain',
    displayName: 'Keyward: explain a rule',
    description:
      'Explains a Keyward rule (an id such as KW201, or its name): what it finds, why it matters, how to fix it, and the fixes Keyward offers. Returns JSON.',
    inputSchema: { type: 'object', properties: { rule: { type: 'string', description: 'Rule id (KW101) or name (private-key).' } }, required: ['rule'] },
  },
  {
    name: 'keyward_verify_bundle',
    displayName: 'Keyward: verify a Sigstore bundle offline',
    description:
      'Verifies a Sigstore bundle for an artifact offline (embedded public-good trusted root, no network): signature, certificate chain, transparency log and the expected signer (exact identity and issuer, or anchored regular expressions). Returns JSON with the status and every check.',
    inputSchema: {
      type: 'object',
      properties: {
        bundle: { type: 'string', description: 'Path of the bundle (*.sigstore.json), relative to the workspace folder or absolute.' },
        artifact: { type: 'string', description: 'Path of the signed file, relative to the workspace folder or absolute (or give digest).' },
        digest: { type: 'string', description: "The artifact's digest, sha256:<64 hex digits>, instead of the file." },
        identity: { type: 'string', description: 'Exact certificate identity (SAN) that must have signed.' },
        issuer: { type: 'string', description: 'Exact OIDC issuer of that identity.' },
        identityRegExp: { type: 'string', description: 'Anchored regular expression (^…$) for the identity, instead of identity.' },
        issuerRegExp: { type: 'string', description: 'Anchored regular expression (^…$) for the issuer, instead of issuer.' },
      },
      required: ['bundle'],
    },
  },
];

/**
 * Checks a tool call's arguments against its spec (every property of these tools is a string, some with an
 * enum): an error sentence, or undefined when they fit. VS Code validates against package.json itself;
 * `keyward mcp` calls this, so both front ends accept exactly the same inputs.
 */
export function checkToolInput(spec: AgentToolSpec, input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'the arguments must be an object';
  const properties = spec.inputSchema.properties;
  for (const [name, value] of Object.entries(input)) {
    const property = properties[name];
    if (property === undefined) return `unknown argument "${name.slice(0, 40)}" (known: ${Object.keys(properties).join(', ')})`;
    if (typeof value !== 'string') return `"${name}" must be a string`;
    const allowed = property['enum'];
    if (Array.isArray(allowed) && !allowed.includes(value)) return `"${name}" must be one of ${allowed.join(', ')}`;
  }
  const missing = (spec.inputSchema.required ?? []).filter((name) => typeof (input as Record<string, unknown>)[name] !== 'string');
  return missing.length > 0 ? `missing argument: ${missing.join(', ')}` : undefined;
}
