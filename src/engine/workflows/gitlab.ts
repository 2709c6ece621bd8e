import { isMap, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';
import { cosignView } from '../cosign/view';
import type { FileContext } from '../rules/rule';
import { parseYaml } from '../shell/extract/yaml';
import type { TextEdit, TextRange } from '../types';
import { indentStep, insertIntoBlockMap, nodeRange, pairOf, stringValue } from './yaml-edit';

/** A GitLab CI file as the KW42x rules read it: jobs, their `id_tokens`, `extends` and `default:`. */
export interface GitlabPipeline {
  readonly text: string;
  readonly root: YAMLMap;
  readonly defaults: YAMLMap | undefined;
  readonly jobs: readonly GitlabJob[];
}

export interface GitlabJob {
  readonly name: string;
  readonly pair: Pair<unknown, unknown>;
  readonly map: YAMLMap;
  readonly range: TextRange;
  /** Hidden jobs (`.template`) only run through `extends`. */
  readonly hidden: boolean;
  readonly extends: readonly string[];
}

/** The Sigstore token a job gets: the `id_tokens` entry and its audiences. */
export interface SigstoreToken {
  readonly name: string;
  readonly pair: Pair<unknown, unknown>;
  readonly audiences: readonly string[];
  /** Where the token is defined: this job's own `id_tokens`, a job it extends, or `default:`. */
  readonly owner: YAMLMap;
}

/** Top-level keys that are not jobs. */
const RESERVED = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
  'types',
  'pages:deploy',
]);

const cache = new WeakMap<FileContext, GitlabPipeline | null>();

export function isGitlabCiPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.endsWith('.gitlab-ci.yml') || base.endsWith('.gitlab-ci.yaml') || /(^|\/)\.gitlab\/.*\.ya?ml$/i.test(path);
}

export function gitlabPipeline(file: FileContext): GitlabPipeline | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  let result: GitlabPipeline | undefined;
  if (file.text !== undefined && isGitlabCiPath(file.path)) {
    const shared = cosignView(file).shell.yaml;
    const docs = shared.length > 0 ? shared : parseYaml(file.text);
    // A CI file with a `spec:` header has it in the first document and the jobs in the second.
    result = buildPipeline(file.text, docs[docs.length - 1]);
  }
  cache.set(file, result ?? null);
  return result;
}

export function buildPipeline(text: string, doc: Document.Parsed | undefined): GitlabPipeline | undefined {
  const root = doc?.contents;
  if (!isMap(root)) return undefined;
  const jobs: GitlabJob[] = [];
  for (const item of root.items) {
    const pair = item as Pair<unknown, unknown>;
    const name = stringValue(pair.key);
    const keyRange = nodeRange(pair.key);
    const valueRange = nodeRange(pair.value);
    if (name === undefined || RESERVED.has(name) || !isMap(pair.value) || !keyRange || !valueRange) continue;
    const extendsNode = pairOf(pair.value, 'extends')?.value;
    const parents = isSeq(extendsNode)
      ? extendsNode.items.map(stringValue).filter((v): v is string => v !== undefined)
      : [stringValue(extendsNode)].filter((v): v is string => v !== undefined);
    jobs.push({ name, pair, map: pair.value, range: { start: keyRange.start, end: valueRange.end }, hidden: name.startsWith('.'), extends: parents });
  }
  const defaults = pairOf(root, 'default')?.value;
  return { text, root, defaults: isMap(defaults) ? defaults : undefined, jobs };
}

/** The job's `id_tokens` entries: its own, else those of the jobs it extends (last wins), else `default:`. */
export function idTokensOf(pipeline: GitlabPipeline, job: GitlabJob, seen = new Set<string>()): { map: YAMLMap; owner: YAMLMap } | undefined {
  const own = pairOf(job.map, 'id_tokens')?.value;
  if (isMap(own)) return { map: own, owner: job.map };
  seen.add(job.name);
  for (const parent of [...job.extends].reverse()) {
    const template = pipeline.jobs.find((j) => j.name === parent);
    if (!template || seen.has(parent)) continue;
    const inherited = idTokensOf(pipeline, template, seen);
    if (inherited) return inherited;
  }
  const fallback = pipeline.defaults ? pairOf(pipeline.defaults, 'id_tokens')?.value : undefined;
  return isMap(fallback) && pipeline.defaults ? { map: fallback, owner: pipeline.defaults } : undefined;
}

/** Every token of the job with its audiences (`aud:` is a string or a list). */
export function tokensOf(pipeline: GitlabPipeline, job: GitlabJob): SigstoreToken[] {
  const tokens = idTokensOf(pipeline, job);
  if (!tokens) return [];
  const out: SigstoreToken[] = [];
  for (const item of tokens.map.items) {
    const name = stringValue(item.key);
    if (name === undefined) continue;
    const aud = pairOf(item.value, 'aud')?.value;
    const audiences = isSeq(aud)
      ? aud.items.map(stringValue).filter((v): v is string => v !== undefined)
      : [stringValue(aud)].filter((v): v is string => v !== undefined);
    out.push({ name, pair: item as Pair<unknown, unknown>, audiences, owner: tokens.owner });
  }
  return out;
}

export function hasSigstoreToken(pipeline: GitlabPipeline, job: GitlabJob): boolean {
  return tokensOf(pipeline, job).some((t) => t.audiences.includes('sigstore'));
}

export const TOKEN_COMMENT = '# Sigstore keyless signing: cosign reads SIGSTORE_ID_TOKEN';

/**
 * Gives the job `SIGSTORE_ID_TOKEN` with `aud: sigstore`: a new `id_tokens:` block in the job (before
 * `script:`), a new entry in its existing block, or the audience of an existing `SIGSTORE_ID_TOKEN`
 * corrected. No edits when the job already has a Sigstore token; undefined when the layout is not editable.
 */
export function grantSigstoreToken(text: string, pipeline: GitlabPipeline, job: GitlabJob): TextEdit[] | undefined {
  if (hasSigstoreToken(pipeline, job)) return [];
  const own = pairOf(job.map, 'id_tokens');
  const step = indentStep(text, job.pair, job.map.items[0] as Pair<unknown, unknown> | undefined);
  const pad = ' '.repeat(step);
  if (own && isMap(own.value)) {
    const existing = pairOf(own.value, 'SIGSTORE_ID_TOKEN');
    if (existing) {
      const aud = pairOf(existing.value, 'aud');
      const range = nodeRange(aud?.value);
      return range && aud && !isSeq(aud.value) ? [{ range, newText: 'sigstore' }] : undefined;
    }
    const edit = insertIntoBlockMap(text, own.value, ['SIGSTORE_ID_TOKEN:', `${pad}aud: sigstore ${TOKEN_COMMENT}`]);
    return edit ? [edit] : undefined;
  }
  // A job-level block would replace the inherited one (and drop its other tokens): leave that to the user.
  if (own || idTokensOf(pipeline, job)) return undefined;
  const before = ['before_script', 'script'].find((k) => pairOf(job.map, k));
  const edit = insertIntoBlockMap(text, job.map, ['id_tokens:', `${pad}SIGSTORE_ID_TOKEN:`, `${pad}${pad}aud: sigstore ${TOKEN_COMMENT}`], before);
  return edit ? [edit] : undefined;
}
