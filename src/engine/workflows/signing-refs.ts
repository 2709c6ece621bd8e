import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { parseYaml } from '../shell/extract/yaml';
import { pairOf, stringValue } from './yaml-edit';

/**
 * The git refs a GitHub workflow runs on, read from its `on:` triggers. Fulcio writes the run's ref into
 * the certificate identity (`…/release.yml@refs/tags/v1.2.0`), so a verification policy must cover
 * exactly these refs: pinning `@refs/heads/main` for a workflow that runs only on tag pushes fails every
 * release. Plain data (it travels to scan workers).
 */
export interface WorkflowRefs {
  readonly branches: RefFilter;
  readonly tags: RefFilter;
  /**
   * Runs on the default branch: `schedule`, `repository_dispatch` and comment-style events always do;
   * `workflow_dispatch` is assumed to (a run dispatched from another ref would not verify: fail closed).
   */
  readonly defaultBranch: boolean;
  /** `workflow_call`: the identity is the caller's choice, so nothing can be inferred. */
  readonly reusable: boolean;
}

/** `any`: every name; otherwise GitHub filter globs (`v*`, `release/**`); an empty list: none. */
export type RefFilter = 'any' | readonly string[];

/** Events whose runs carry a pull request ref (`refs/pull/N/merge`): never a release identity. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'merge_group']);

/** The refs of a workflow's `on:`, or undefined when the text is not a workflow with triggers. */
export function workflowRefs(text: string): WorkflowRefs | undefined {
  const root = parseYaml(text)[0]?.contents;
  if (!isMap(root)) return undefined;
  const on = pairOf(root, 'on')?.value;
  const events = eventsOf(on);
  if (events.size === 0) return undefined;
  const branches: string[] = [];
  const tags: string[] = [];
  let anyBranch = false;
  let anyTag = false;
  let defaultBranch = false;
  for (const [event, config] of events) {
    if (event === 'push' || event === 'create') {
      const filtered = pushFilters(config);
      if (event === 'create' || filtered === undefined) {
        anyBranch = true;
        anyTag = true;
        continue;
      }
      if (filtered.branches === 'any') anyBranch = true;
      else branches.push(...filtered.branches);
      if (filtered.tags === 'any') anyTag = true;
      else tags.push(...filtered.tags);
    } else if (event === 'release') {
      anyTag = true;
    } else if (!PULL_REQUEST_EVENTS.has(event) && event !== 'workflow_call') {
      defaultBranch = true;
    }
  }
  return {
    branches: anyBranch ? 'any' : unique(branches),
    tags: anyTag ? 'any' : unique(tags),
    defaultBranch,
    reusable: events.has('workflow_call'),
  };
}

/** `on: push`, `on: [push, release]` or `on: { push: {...}, release: ... }` → event → its configuration. */
function eventsOf(node: unknown): Map<string, unknown> {
  const events = new Map<string, unknown>();
  const name = stringValue(node);
  if (name !== undefined) events.set(name, undefined);
  if (isSeq(node)) for (const item of node.items) if (stringValue(item) !== undefined) events.set(stringValue(item) as string, undefined);
  if (isMap(node)) for (const pair of node.items) if (stringValue(pair.key) !== undefined) events.set(stringValue(pair.key) as string, pair.value);
  return events;
}

/**
 * A `push:` block's filters. GitHub: with only `branches` (or `branches-ignore`) no tag push runs the
 * workflow, with only `tags` no branch push does; with neither (or only `paths`) both do: undefined.
 */
function pushFilters(config: unknown): { branches: RefFilter; tags: RefFilter } | undefined {
  if (!isMap(config)) return undefined;
  const branches = filterOf(config, 'branches');
  const tags = filterOf(config, 'tags');
  if (branches === undefined && tags === undefined) return undefined;
  return { branches: branches ?? [], tags: tags ?? [] };
}

function filterOf(config: YAMLMap, kind: 'branches' | 'tags'): RefFilter | undefined {
  if (pairOf(config, `${kind}-ignore`)) return 'any';
  const pair = pairOf(config, kind);
  if (!pair) return undefined;
  const patterns = isSeq(pair.value) ? pair.value.items.map(stringValue) : isScalar(pair.value) ? [stringValue(pair.value)] : [];
  const positive = patterns.filter((p): p is string => p !== undefined && p !== '' && !p.startsWith('!'));
  // Negated patterns only narrow; the positive ones cover every run.
  return positive.length > 0 ? positive : 'any';
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
