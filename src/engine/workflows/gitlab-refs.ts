import { isMap, isSeq, type YAMLMap } from 'yaml';
import { SIGNING_COMMANDS } from '../cosign/subcommands';
import { buildCosignView } from '../cosign/view';
import { parseYaml } from '../shell/extract/yaml';
import { buildPipeline } from './gitlab';
import type { RefFilter, WorkflowRefs } from './signing-refs';
import { pairOf, stringValue } from './yaml-edit';

/** The path GitLab reads the pipeline from (the `ci_config_ref_uri` of a GitLab Fulcio certificate names it). */
export const GITLAB_CI_FILE = '.gitlab-ci.yml';

interface JobRefs {
  branches: RefFilter;
  tags: RefFilter;
  defaultBranch: boolean;
}

/**
 * The refs the jobs of `.gitlab-ci.yml` that sign with cosign run on, read from their `only:` and `rules:`:
 * `only: [tags]` or `rules: - if: $CI_COMMIT_TAG` sign on tags, `$CI_COMMIT_BRANCH == "main"` on that
 * branch, `== $CI_DEFAULT_BRANCH` on the default branch. A job with neither runs for every branch and tag
 * push. Undefined when no job signs. The same shape as a GitHub workflow's refs, so one function turns
 * both into an identity.
 */
export function gitlabSigningRefs(text: string): WorkflowRefs | undefined {
  const docs = parseYaml(text);
  const pipeline = buildPipeline(text, docs[docs.length - 1]);
  if (!pipeline) return undefined;
  const signing = buildCosignView(GITLAB_CI_FILE, text).commands.filter((c) => SIGNING_COMMANDS.has(c.subcommand) && !c.documentation);
  const jobs = pipeline.jobs.filter((job) => !job.hidden && signing.some((c) => job.range.start <= c.range.start && c.range.start < job.range.end));
  if (jobs.length === 0) return undefined;
  const union: JobRefs = { branches: [], tags: [], defaultBranch: false };
  for (const job of jobs) {
    const refs = jobRefs(job.map);
    union.branches = merge(union.branches, refs.branches);
    union.tags = merge(union.tags, refs.tags);
    union.defaultBranch ||= refs.defaultBranch;
  }
  return { ...union, reusable: false };
}

function jobRefs(job: YAMLMap): JobRefs {
  const only = pairOf(job, 'only')?.value;
  if (only !== undefined) return onlyRefs(isMap(only) ? pairOf(only, 'refs')?.value : only);
  const rules = pairOf(job, 'rules')?.value;
  if (isSeq(rules)) return rulesRefs(rules.items);
  return { branches: 'any', tags: 'any', defaultBranch: false };
}

/** `only: [tags, main, /^release-.*$/]`: keywords, branch names and regexps (a regexp covers any branch). */
function onlyRefs(node: unknown): JobRefs {
  const names = isSeq(node) ? node.items.map(stringValue) : [stringValue(node)];
  const refs: JobRefs = { branches: [], tags: [], defaultBranch: false };
  for (const name of names) {
    if (name === undefined) continue;
    if (name === 'tags') refs.tags = 'any';
    else if (name === 'branches' || name.startsWith('/')) refs.branches = 'any';
    else if (name === 'merge_requests' || name === 'external_pull_requests') continue;
    else if (/^[A-Za-z0-9._/-]+$/.test(name)) refs.branches = merge(refs.branches, [name]);
    else refs.branches = 'any';
  }
  return refs;
}

/**
 * `rules:` is evaluated in order; what matters here is which refs some rule lets the job run on. A rule
 * whose `if:` this reading does not understand covers every ref (never fewer than the job really runs on).
 */
function rulesRefs(rules: readonly unknown[]): JobRefs {
  const refs: JobRefs = { branches: [], tags: [], defaultBranch: false };
  for (const rule of rules) {
    if (!isMap(rule) || stringValue(pairOf(rule, 'when')?.value) === 'never') continue;
    const condition = stringValue(pairOf(rule, 'if')?.value);
    if (condition === undefined) return { branches: 'any', tags: 'any', defaultBranch: false };
    const branch = /^\s*\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*["']?([A-Za-z0-9._/-]+)["']?\s*$/.exec(condition)?.[1];
    if (/^\s*\$CI_COMMIT_TAG\b/.test(condition) && !/[|&]{2}/.test(condition)) refs.tags = 'any';
    else if (/^\s*\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*\$CI_DEFAULT_BRANCH\s*$/.test(condition)) refs.defaultBranch = true;
    else if (branch !== undefined && !branch.startsWith('$')) refs.branches = merge(refs.branches, [branch]);
    else if (/\$CI_PIPELINE_SOURCE\s*==\s*["']?merge_request_event/.test(condition)) continue;
    else return { branches: 'any', tags: 'any', defaultBranch: false };
  }
  return refs;
}

function merge(a: RefFilter, b: RefFilter): RefFilter {
  if (a === 'any' || b === 'any') return 'any';
  return [...new Set([...a, ...b])];
}
