import { isMap, type Pair } from 'yaml';
import type { TextEdit } from '../types';
import type { GithubJob, GithubWorkflow, Permissions } from './github';
import { grantsIdToken } from './github';
import { jobUsesAttestActions } from './github-signing';
import { indentStep, insertIntoBlockMap, nodeRange, pairDeletion } from './yaml-edit';

/** The result of granting a job `id-token: write`: the edits (none when it already has it) and what was written. */
export interface PermissionChange {
  readonly edits: TextEdit[];
  /** The scopes written into a new job-level block (empty when an existing block was extended). */
  readonly scopes: readonly string[];
}

export const ID_TOKEN_COMMENT = '# Sigstore keyless signing: Fulcio certificate via GitHub OIDC';

/**
 * Grants `job` the OIDC token. An existing job `permissions:` map gets the scope (or its access raised);
 * a job without one gets a new block that keeps what it had: because a job-level block REPLACES the
 * workflow-level one, the workflow's other scopes are copied, and at least `contents: read` is written.
 * `inherited` overrides the workflow-level scopes (KW401 moves them while removing `id-token`).
 * Undefined when the layout cannot be edited safely (`read-all` shorthand, unusual flow styles).
 */
export function grantIdToken(text: string, workflow: GithubWorkflow, job: GithubJob, inherited?: Permissions | null): PermissionChange | undefined {
  const own = job.permissions;
  if (own) {
    if (grantsIdToken(own)) return { edits: [], scopes: [] };
    if (own.shorthand !== undefined || !own.map) return undefined;
    const existing = own.scopes.get('id-token');
    if (existing) {
      const range = nodeRange(existing.pair.value);
      return range ? { edits: [{ range, newText: 'write' }], scopes: [] } : undefined;
    }
    if (own.map.flow) return flowInsertion(text, own);
    const edit = insertIntoBlockMap(text, own.map, [`id-token: write ${ID_TOKEN_COMMENT}`]);
    return edit ? { edits: [edit], scopes: [] } : undefined;
  }
  const top = inherited === null ? undefined : (inherited ?? workflow.permissions);
  if (top && grantsIdToken(top) && inherited === undefined) return { edits: [], scopes: [] };
  if (top?.shorthand === 'read-all' || (top && top.shorthand !== undefined && top.shorthand !== 'write-all' && top.shorthand !== '')) return undefined;
  const scopes = new Map<string, string>();
  if (top?.map) for (const [scope, { access }] of top.scopes) if (scope !== 'id-token') scopes.set(scope, access);
  if (!scopes.has('contents')) scopes.set('contents', 'read');
  if (!top?.map) {
    // Default token permissions are unknown here (repository setting): write what signing jobs need.
    if (/ghcr\.io/.test(text.slice(job.range.start, job.range.end))) scopes.set('packages', 'write');
    if (jobUsesAttestActions(job)) scopes.set('attestations', 'write');
  }
  const step = indentStep(text, job.pair, job.map.items[0] as never);
  const pad = ' '.repeat(step);
  const lines = ['permissions:', ...[...scopes].map(([scope, access]) => `${pad}${scope}: ${access}`), `${pad}id-token: write ${ID_TOKEN_COMMENT}`];
  const edit = insertIntoBlockMap(text, job.map, lines, 'steps');
  return edit ? { edits: [edit], scopes: [...[...scopes].map(([s, a]) => `${s}: ${a}`), 'id-token: write'] } : undefined;
}

/** `permissions: { contents: read }` → `{ contents: read, id-token: write }`. */
function flowInsertion(text: string, permissions: Permissions): PermissionChange | undefined {
  const map = permissions.map;
  const range = nodeRange(map);
  if (!map || !range) return undefined;
  if (map.items.length === 0) return { edits: [{ range, newText: '{ id-token: write }' }], scopes: [] };
  const last = map.items[map.items.length - 1];
  const end = nodeRange(last?.value)?.end ?? nodeRange(last?.key)?.end;
  return end === undefined ? undefined : { edits: [{ range: { start: end, end }, newText: ', id-token: write' }], scopes: [] };
}

/**
 * Removes `id-token: write` from the workflow-level block. When it was the only scope, the block becomes
 * `permissions: {}` rather than disappearing: without a block every job would fall back to the
 * repository's default token permissions, which are broader than "nothing".
 */
export function removeWorkflowIdToken(text: string, workflow: GithubWorkflow): TextEdit | undefined {
  const top = workflow.permissions;
  const scope = top?.scopes.get('id-token');
  if (!top?.map || !scope) return undefined;
  if (top.map.items.length > 1) {
    if (top.map.flow) return flowScopeRemoval(top, scope.pair);
    return pairDeletion(text, scope.pair);
  }
  const value = nodeRange(top.map);
  if (!value || !isMap(top.map)) return undefined;
  if (top.map.flow) return { range: value, newText: '{}' };
  // Block map: `permissions:\n  id-token: write\n` → `permissions: {}\n`.
  const keyEnd = nodeRange(top.pair.key)?.end;
  const deletion = pairDeletion(text, scope.pair);
  if (keyEnd === undefined || !deletion) return undefined;
  const colon = text.indexOf(':', keyEnd);
  return { range: { start: colon + 1, end: deletion.range.end }, newText: ` {}${text.includes('\r\n') ? '\r\n' : '\n'}` };
}

function flowScopeRemoval(permissions: Permissions, pair: Pair<unknown, unknown>): TextEdit | undefined {
  const map = permissions.map;
  if (!map) return undefined;
  const index = map.items.indexOf(pair as never);
  const start = nodeRange(pair.key)?.start;
  const end = nodeRange(pair.value)?.end;
  if (start === undefined || end === undefined || index < 0) return undefined;
  if (index > 0) {
    const previous = map.items[index - 1];
    const previousEnd = nodeRange(previous?.value)?.end ?? nodeRange(previous?.key)?.end;
    return previousEnd === undefined ? undefined : { range: { start: previousEnd, end }, newText: '' };
  }
  const next = nodeRange(map.items[1]?.key)?.start;
  return next === undefined ? undefined : { range: { start, end: next }, newText: '' };
}

export function describeScopes(scopes: readonly string[]): string {
  return scopes.map((s) => `\`${s}\``).join(', ');
}
