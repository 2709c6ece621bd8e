import { isMap, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { cosignView } from '../cosign/view';
import type { FileContext } from '../rules/rule';
import { parseYaml } from '../shell/extract/yaml';
import type { TextRange } from '../types';
import { nodeRange, pairOf, stringValue } from './yaml-edit';

/**
 * A GitHub Actions workflow as the KW4xx rules read it: triggers, permissions at workflow and job
 * level, jobs and their steps, each with the source nodes (for ranges and format-preserving edits).
 */
export interface GithubWorkflow {
  readonly text: string;
  readonly root: YAMLMap;
  readonly triggers: ReadonlySet<string>;
  readonly permissions: Permissions | undefined;
  readonly env: Pair<unknown, unknown> | undefined;
  readonly jobsPair: Pair<unknown, unknown> | undefined;
  readonly jobs: readonly GithubJob[];
}

/** `permissions:` as written: a map of scopes, or `read-all` / `write-all` / `{}`. */
export interface Permissions {
  readonly pair: Pair<unknown, unknown>;
  /** `read-all`, `write-all`, or undefined for a map. */
  readonly shorthand: string | undefined;
  /** scope → access, for a map. */
  readonly scopes: ReadonlyMap<string, { readonly access: string; readonly pair: Pair<unknown, unknown> }>;
  readonly map: YAMLMap | undefined;
}

export interface GithubJob {
  readonly id: string;
  readonly pair: Pair<unknown, unknown>;
  readonly map: YAMLMap;
  /** The job's whole source range (its key to the end of its value). */
  readonly range: TextRange;
  readonly permissions: Permissions | undefined;
  readonly env: Pair<unknown, unknown> | undefined;
  readonly steps: readonly GithubStep[];
  /** A reusable-workflow call (`jobs.X.uses`). */
  readonly uses: string | undefined;
}

export interface GithubStep {
  readonly map: YAMLMap;
  readonly range: TextRange;
  readonly uses: Scalar | undefined;
  readonly run: Scalar | undefined;
  readonly env: Pair<unknown, unknown> | undefined;
  readonly with: YAMLMap | undefined;
}

const cache = new WeakMap<FileContext, GithubWorkflow | null>();

/** `.github/workflows/*.yml|yaml`: the only files GitHub runs as workflows. */
export function isWorkflowPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path);
}

/** The workflow of a file, parsed once per file (reusing the cosign view's parse when it has one). */
export function githubWorkflow(file: FileContext): GithubWorkflow | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  let result: GithubWorkflow | undefined;
  if (file.text !== undefined && isWorkflowPath(file.path) && /^jobs\s*:/m.test(file.text)) {
    const shared = cosignView(file).shell.yaml;
    const docs = shared.length > 0 ? shared : parseYaml(file.text);
    result = buildWorkflow(file.text, docs[0]);
  }
  cache.set(file, result ?? null);
  return result;
}

export function buildWorkflow(text: string, doc: Document.Parsed | undefined): GithubWorkflow | undefined {
  const root = doc?.contents;
  if (!isMap(root)) return undefined;
  const jobsPair = pairOf(root, 'jobs');
  const jobs: GithubJob[] = [];
  if (jobsPair && isMap(jobsPair.value)) {
    for (const item of jobsPair.value.items) {
      const pair = item as Pair<unknown, unknown>;
      const id = stringValue(pair.key);
      const keyRange = nodeRange(pair.key);
      const valueRange = nodeRange(pair.value);
      if (id === undefined || !isMap(pair.value) || !keyRange || !valueRange) continue;
      const map = pair.value;
      const stepsNode = pairOf(map, 'steps')?.value;
      const steps: GithubStep[] = [];
      if (isSeq(stepsNode)) {
        for (const step of stepsNode.items) {
          const range = nodeRange(step);
          if (!isMap(step) || !range) continue;
          const uses = pairOf(step, 'uses')?.value;
          const run = pairOf(step, 'run')?.value;
          const withNode = pairOf(step, 'with')?.value;
          steps.push({
            map: step,
            range,
            uses: isScalar(uses) ? uses : undefined,
            run: isScalar(run) ? run : undefined,
            env: pairOf(step, 'env'),
            with: isMap(withNode) ? withNode : undefined,
          });
        }
      }
      jobs.push({
        id,
        pair,
        map,
        range: { start: keyRange.start, end: valueRange.end },
        permissions: permissionsOf(pairOf(map, 'permissions')),
        env: pairOf(map, 'env'),
        steps,
        uses: stringValue(pairOf(map, 'uses')?.value),
      });
    }
  }
  return {
    text,
    root,
    triggers: triggersOf(pairOf(root, 'on')?.value),
    permissions: permissionsOf(pairOf(root, 'permissions')),
    env: pairOf(root, 'env'),
    jobsPair,
    jobs,
  };
}

function triggersOf(node: unknown): Set<string> {
  const out = new Set<string>();
  const scalar = stringValue(node);
  if (scalar !== undefined) out.add(scalar);
  if (isSeq(node)) for (const item of node.items) if (stringValue(item) !== undefined) out.add(stringValue(item) as string);
  if (isMap(node)) for (const pair of node.items) if (stringValue(pair.key) !== undefined) out.add(stringValue(pair.key) as string);
  return out;
}

function permissionsOf(pair: Pair<unknown, unknown> | undefined): Permissions | undefined {
  if (!pair) return undefined;
  const scopes = new Map<string, { access: string; pair: Pair<unknown, unknown> }>();
  if (isMap(pair.value)) {
    for (const item of pair.value.items) {
      const scope = stringValue(item.key);
      if (scope !== undefined) scopes.set(scope, { access: stringValue(item.value) ?? '', pair: item as Pair<unknown, unknown> });
    }
    return { pair, shorthand: undefined, scopes, map: pair.value };
  }
  return { pair, shorthand: stringValue(pair.value) ?? '', scopes, map: undefined };
}

/** `id-token: write` (or `write-all`) in this permissions block. */
export function grantsIdToken(permissions: Permissions | undefined): boolean {
  if (!permissions) return false;
  if (permissions.shorthand !== undefined) return permissions.shorthand === 'write-all';
  return permissions.scopes.get('id-token')?.access === 'write';
}

/** The permissions a job runs with: its own block replaces the workflow's (GitHub's rule). */
export function effectivePermissions(workflow: GithubWorkflow, job: GithubJob): Permissions | undefined {
  return job.permissions ?? workflow.permissions;
}

export function usesName(step: GithubStep): string | undefined {
  const value = stringValue(step.uses);
  return value?.split('@')[0]?.toLowerCase();
}
