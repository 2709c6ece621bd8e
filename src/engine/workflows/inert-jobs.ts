import { isAlias, isMap, isNode, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import { parseYaml } from '../yaml/parse';
import { yamlNestingDepth } from '../yaml/nesting';
import { KEYLESS_ACTIONS, OIDC_ACTIONS } from './github-signing';
import { isWorkflowPath } from './github';
import { maskBlocks, splitJobBlocks, type JobBlock } from './job-blocks';

/**
 * The editor's per-edit re-check of a large workflow: most jobs of a big workflow build and test, and no
 * rule reports on them or reads them. Such an "inert" job is masked out (turned into a comment of the same
 * length) before the rules run, so the YAML parser, the shell view and the rules skip it; whether a
 * job is inert is decided once per distinct job text and remembered, so an edit re-examines only the job
 * it changed.
 *
 * Every job, and the parts of the file around the jobs, must parse on their own without error or warning,
 * or nothing is masked. Inert, conservatively: the job has no anchor, alias or tag; it holds
 * no rule anchor and matches no rule's `requires` (checked by the caller, which knows the rules) nor
 * {@link RELEVANT}; its keys are in {@link JOB_KEYS}, its steps' in {@link STEP_KEYS}; each `uses:` is
 * pinned to a commit SHA and is none of the signing or OIDC actions. The unit tests' gate audit compares
 * every masked scan with the full one (scanner.ts), and a test compares both on every workflow fixture.
 */

/**
 * Keys of a job the workflow rules never read in a job that does not sign (job-level `permissions`, `uses`,
 * `container`, `services`, `environment`… are not here). `env` entries cannot be COSIGN_/SIGSTORE_ variables
 * ({@link RELEVANT}), the only names the cosign view keeps, and a job's variables reach only its own steps.
 */
const JOB_KEYS = new Set(['name', 'runs-on', 'steps', 'timeout-minutes', 'needs', 'if', 'continue-on-error', 'env', 'strategy', 'outputs']);
const STEP_KEYS = new Set(['name', 'id', 'run', 'uses', 'with', 'env', 'if', 'working-directory', 'continue-on-error', 'timeout-minutes']);
/** Text that makes a job matter whatever the rules' gates say: signing, tokens, multi-line PEM armour. */
const RELEVANT = /cosign|sigstore|fulcio|rekor|id-token|write-all|attest|provenance|slsa|oidc|-----|secrets/i;
const SHA_PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
/** Deeper than this on its own, a job is not masked (the whole file's YAML nesting check must see the same). */
const MAX_INERT_DEPTH = 64;
/** Verdicts remembered (by exact text), and the characters of those texts; past either the memory starts over. */
const MAX_REMEMBERED = 20_000;
const MAX_REMEMBERED_CHARS = 16_000_000;

export interface InertJobOptions {
  /** True when the text holds one of the rules' anchors or matches a rule's `requires`. */
  readonly mentionsRuleInput: (text: string) => boolean;
}

/** A job text's verdict: masked, kept (a rule may read it), or unsafe to cut the file around (it does not parse on its own). */
type Verdict = 'inert' | 'kept' | 'unsafe';

/** Remembers, per exact job text, whether the job is inert. One per rule set. */
export class InertJobs {
  private readonly verdicts = new Map<string, Verdict>();
  private rememberedChars = 0;
  /** How many job (and header) texts were parsed to decide (the operation-count tests read it). */
  parses = 0;

  constructor(private readonly options: InertJobOptions) {}

  /**
   * The workflow's text with its inert jobs masked, or undefined when nothing is masked: not a workflow,
   * an unusual shape, a workflow-level `id-token`/`write-all` (KW401 counts every job), a part that does
   * not parse on its own (a quote left open could run into the next job), or no inert job.
   */
  mask(path: string, text: string): string | undefined {
    if (!isWorkflowPath(path) || /\r(?!\n)/.test(text)) return undefined;
    const split = splitJobBlocks(text);
    if (!split) return undefined;
    const before = text.slice(0, split.blocks[0]!.start);
    const after = text.slice(split.blocks[split.blocks.length - 1]!.end);
    if (/id-token|write-all/.test(before) || /id-token|write-all/.test(after)) return undefined;
    if (this.verdict('', before) === 'unsafe' || this.verdict('', after) === 'unsafe') return undefined;
    const inert: JobBlock[] = [];
    for (const [index, block] of split.blocks.entries()) {
      const verdict = this.verdict(block.id, text.slice(block.start, block.end));
      if (verdict === 'unsafe') return undefined;
      // The first job stays: the workflow keeps a `jobs:` map for the rules that check there is one.
      if (verdict === 'inert' && index > 0) inert.push(block);
    }
    return inert.length > 0 ? maskBlocks(text, split.indent, inert) : undefined;
  }

  /**
   * `id` empty: a part of the file outside the jobs, which only has to parse on its own. The text alone is
   * the key: a job's id is its first line's, and a part outside the jobs never starts like a job.
   */
  private verdict(id: string, text: string): Verdict {
    let verdict = this.verdicts.get(text);
    if (verdict === undefined) {
      verdict = this.decide(id, text);
      if (this.verdicts.size >= MAX_REMEMBERED || this.rememberedChars + text.length > MAX_REMEMBERED_CHARS) {
        this.verdicts.clear();
        this.rememberedChars = 0;
      }
      this.verdicts.set(text, verdict);
      this.rememberedChars += text.length;
    }
    return verdict;
  }

  private decide(id: string, text: string): Verdict {
    if (yamlNestingDepth(text, MAX_INERT_DEPTH) > MAX_INERT_DEPTH) return 'unsafe';
    this.parses++;
    const docs = parseYaml(text);
    if (docs.length > 1 || docs.some((doc) => doc.errors.length > 0 || doc.warnings.length > 0)) return 'unsafe';
    const doc = docs[0];
    if (id === '' || !doc || RELEVANT.test(text) || this.options.mentionsRuleInput(text) || !plainTree(doc)) return 'kept';
    const root = doc.contents;
    if (!isMap(root) || root.items.length !== 1) return 'kept';
    const pair = root.items[0]!;
    if (!isScalar(pair.key) || pair.key.value !== id || !isMap(pair.value)) return 'kept';
    const inert = pair.value.items.every((item) => isScalar(item.key) && typeof item.key.value === 'string' && jobEntryIsInert(item.key.value, item.value));
    return inert ? 'inert' : 'kept';
  }
}

function jobEntryIsInert(key: string, value: unknown): boolean {
  if (!JOB_KEYS.has(key)) return false;
  if (key === 'steps') return isSeq(value) && value.items.every(stepIsInert);
  if (key === 'env' || key === 'outputs') return scalarMap(value);
  // The build matrix: any plain tree (no anchor, alias or tag, checked for the whole job).
  if (key === 'strategy') return isMap(value);
  return isScalar(value) || (isSeq(value) && value.items.every(isScalar));
}

function scalarMap(value: unknown): boolean {
  return isMap(value) && value.items.every((entry) => isScalar(entry.key) && isScalar(entry.value));
}

function stepIsInert(step: unknown): boolean {
  if (!isMap(step)) return false;
  return step.items.every((item) => {
    const key = isScalar(item.key) ? item.key.value : undefined;
    if (typeof key !== 'string' || !STEP_KEYS.has(key)) return false;
    if (key === 'with' || key === 'env') return scalarMap(item.value);
    if (!isScalar(item.value)) return false;
    if (key !== 'uses') return true;
    const uses = item.value.value;
    if (typeof uses !== 'string' || !SHA_PINNED.test(uses)) return false;
    const name = uses.split('@')[0]!.toLowerCase();
    return !KEYLESS_ACTIONS.has(name) && !OIDC_ACTIONS.has(name);
  });
}

/** No anchor, alias, explicit tag or complex key anywhere: what is masked cannot be referred to from elsewhere. */
function plainTree(doc: Document.Parsed): boolean {
  let plain = true;
  visit(doc, (_key, node) => {
    if (isAlias(node) || (isNode(node) && (node.anchor !== undefined || node.tag !== undefined)) || (isPair(node) && !isScalar(node.key))) {
      plain = false;
      return visit.BREAK;
    }
    return undefined;
  });
  return plain;
}
