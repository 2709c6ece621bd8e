/**
 * cosign subcommands (v1–v3). Parents with children (`dockerfile verify`, `attach signature`) are
 * joined with a space so rules can compare against one string.
 */
const TOP_LEVEL = new Set([
  'attach',
  'attest',
  'attest-blob',
  'bundle',
  'clean',
  'completion',
  'copy',
  'debug',
  'dockerfile',
  'download',
  'env',
  'generate',
  'generate-key-pair',
  'import-key-pair',
  'initialize',
  'load',
  'login',
  'manifest',
  'piv-tool',
  'pkcs11-tool',
  'public-key',
  'save',
  'sign',
  'sign-blob',
  'signing-config',
  'tree',
  'triangulate',
  'trusted-root',
  'upload',
  'verify',
  'verify-attestation',
  'verify-blob',
  'verify-blob-attestation',
  'version',
]);

const CHILDREN: Readonly<Record<string, ReadonlySet<string>>> = {
  attach: new Set(['signature', 'sbom', 'attestation']),
  bundle: new Set(['create']),
  dockerfile: new Set(['verify', 'resolve']),
  download: new Set(['signature', 'sbom', 'attestation']),
  manifest: new Set(['verify']),
  'signing-config': new Set(['create']),
  'trusted-root': new Set(['create']),
  upload: new Set(['blob', 'wasm']),
};

/** Commands that create signatures or attestations. */
export const SIGNING_COMMANDS: ReadonlySet<string> = new Set(['sign', 'sign-blob', 'attest', 'attest-blob']);
/** Signing commands whose subject is a local file rather than an image. */
export const BLOB_SIGNING_COMMANDS: ReadonlySet<string> = new Set(['sign-blob', 'attest-blob']);
/** Commands that verify signatures or attestations. */
export const VERIFY_COMMANDS: ReadonlySet<string> = new Set([
  'verify',
  'verify-attestation',
  'verify-blob',
  'verify-blob-attestation',
  'dockerfile verify',
  'manifest verify',
]);

export function isTopLevelSubcommand(word: string): boolean {
  return TOP_LEVEL.has(word);
}

export function childSubcommands(parent: string): ReadonlySet<string> | undefined {
  return CHILDREN[parent];
}
