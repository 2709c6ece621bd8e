import { isMap, type Pair } from 'yaml';
import { effectiveFlag, type CosignCommand } from '../cosign/command';
import { VERIFY_COMMANDS } from '../cosign/subcommands';
import { cosignView } from '../cosign/view';
import type { FileContext } from '../rules/rule';
import type { Fix, TextEdit, TextRange } from '../types';
import { githubWorkflow } from './github';
import { describeScopes, grantIdToken } from './github-permissions';
import { isInside } from './github-signing';
import { gitlabPipeline, grantSigstoreToken } from './gitlab';
import { WordIndex } from './word-index';
import { mergeEdits, nodeRange, pairDeletion, stringValue } from './yaml-edit';

/** An `env:`/`variables:` map and the part of the file it applies to. */
interface Scope {
  readonly owner: Pair<unknown, unknown>;
  readonly range: TextRange;
}

/** Variables that only carry the key and its password: useless once the job signs keyless. */
const KEY_VARIABLE_NAMES = ['COSIGN_PRIVATE_KEY', 'COSIGN_PASSWORD', 'COSIGN_KEY'];

/**
 * What every migration fix of a file asks, computed once per file: the fix is built for each key-based
 * command, and a file with thousands of them must not rescan the file (or every command) each time.
 */
interface KeyFacts {
  /** Commands that still use a key, sorted by start. */
  readonly keyUsers: readonly CosignCommand[];
  readonly mentions: WordIndex;
}

const keyFactsCache = new WeakMap<FileContext, KeyFacts>();

function keyFacts(file: FileContext): KeyFacts {
  const cached = keyFactsCache.get(file);
  if (cached) return cached;
  const keyUsers = cosignView(file)
    .commands.filter((c) => !VERIFY_COMMANDS.has(c.subcommand) && (effectiveFlag(c, 'key') !== undefined || /key-pair$/.test(c.subcommand)))
    .sort((a, b) => a.range.start - b.range.start);
  const facts = { keyUsers, mentions: new WordIndex(file.text ?? '', KEY_VARIABLE_NAMES) };
  keyFactsCache.set(file, facts);
  return facts;
}

/** Whether a key user other than `command` runs inside `range`. */
function otherKeyUserInside(users: readonly CosignCommand[], command: CosignCommand, range: TextRange): boolean {
  let lo = 0;
  let hi = users.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((users[mid] as CosignCommand).range.start < range.start) lo = mid + 1;
    else hi = mid;
  }
  // Commands do not straddle a step, job or file boundary, so this stops at the first or second one.
  for (let i = lo; i < users.length && (users[i] as CosignCommand).range.start <= range.end; i++) {
    const user = users[i] as CosignCommand;
    if (user !== command && isInside(user.range, range)) return true;
  }
  return false;
}

/**
 * "Migrate to keyless signing" for a cosign command in a GitHub Actions `run:` or a GitLab CI `script:`:
 * the command rewrite of `base` (the plain keyless fix), plus the job's OIDC token (`id-token: write`,
 * or `id_tokens: SIGSTORE_ID_TOKEN aud: sigstore`), plus removal of the `env:`/`variables:` entries that
 * only passed the key and its password, when nothing else in the file still reads them. One file, text
 * edits only. Undefined when the command is not in such a job or a part cannot be edited safely (then
 * only `base` is offered).
 */
export function keylessMigrationFix(file: FileContext, command: CosignCommand, base: Fix | undefined): Fix | undefined {
  if (!base || file.text === undefined || command.documentation) return undefined;
  const text = file.text;
  if (command.segment.host === 'github-actions') {
    const workflow = githubWorkflow(file);
    const job = workflow ? containing(workflow.jobs, command.range) : undefined;
    if (!workflow || !job) return undefined;
    const step = containing(job.steps, command.range);
    const permission = oncePerJob(job, () => grantIdToken(text, workflow, job));
    if (!permission) return undefined;
    const scopes: Scope[] = [];
    if (step?.env) scopes.push({ owner: step.env, range: step.range });
    if (job.env) scopes.push({ owner: job.env, range: job.range });
    if (workflow.env) scopes.push({ owner: workflow.env, range: { start: 0, end: text.length } });
    const removal = unusedKeyVariables(file, command, scopes, base.edits);
    const edits = mergeEdits([...base.edits, ...permission.edits, ...removal.edits], text);
    if (!edits) return undefined;
    const granted =
      permission.edits.length === 0
        ? 'The job already has `id-token: write`.'
        : permission.scopes.length > 0
          ? `The job gets its own permissions block (${describeScopes(permission.scopes)}): it replaces the workflow-level one, so check the scopes.`
          : 'The job gets `id-token: write` in its permissions block.';
    return { title: 'Migrate to keyless signing', edits, safety: 'review', note: `${granted} ${secretsNote(removal.secrets, 'repository secrets')}` };
  }
  if (command.segment.host === 'gitlab-ci') {
    const pipeline = gitlabPipeline(file);
    const job = pipeline ? containing(pipeline.jobs, command.range) : undefined;
    if (!pipeline || !job) return undefined;
    const token = oncePerJob(job, () => grantSigstoreToken(text, pipeline, job));
    if (!token) return undefined;
    const scopes: Scope[] = [];
    const own = job.map.items.find((p) => stringValue(p.key) === 'variables') as Pair<unknown, unknown> | undefined;
    const global = pipeline.root.items.find((p) => stringValue(p.key) === 'variables') as Pair<unknown, unknown> | undefined;
    if (own) scopes.push({ owner: own, range: job.range });
    if (global) scopes.push({ owner: global, range: { start: 0, end: text.length } });
    const removal = unusedKeyVariables(file, command, scopes, base.edits);
    const edits = mergeEdits([...base.edits, ...token, ...removal.edits], text);
    if (!edits) return undefined;
    const granted =
      token.length === 0
        ? 'The job already has a Sigstore ID token.'
        : 'The job gets `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore`, which cosign reads automatically.';
    return {
      title: 'Migrate to keyless signing',
      edits,
      safety: 'review',
      note: `${granted} ${secretsNote(new Set(['COSIGN_PRIVATE_KEY', 'COSIGN_PASSWORD', ...removal.secrets]), 'CI/CD variables (Settings → CI/CD → Variables)')}`,
    };
  }
  return undefined;
}

/**
 * The item of `items` (in document order, not overlapping: jobs, steps) that contains `range`, by binary
 * search: the fix is built for every command, and a file may hold thousands of steps.
 */
function containing<T extends { readonly range: TextRange }>(items: readonly T[], range: TextRange): T | undefined {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as T).range.start <= range.start) lo = mid + 1;
    else hi = mid;
  }
  const candidate = items[lo - 1];
  return candidate && isInside(range, candidate.range) ? candidate : undefined;
}

const tokenGrants = new WeakMap<object, unknown>();

/** The job's token grant, computed for its first command only: it reads the whole job, and every command of the job asks. */
function oncePerJob<T>(job: object, grant: () => T): T {
  if (!tokenGrants.has(job)) tokenGrants.set(job, grant());
  return tokenGrants.get(job) as T;
}

function secretsNote(secrets: ReadonlySet<string>, where: string): string {
  const names = [...secrets].sort();
  if (names.length === 0)
    return 'Delete the private key and its password wherever they are stored, and rotate the key: its old signatures stay valid for anyone holding it.';
  return `Once no other workflow uses them, delete the ${where} ${names.map((n) => `\`${n}\``).join(', ')}, and rotate the key: its old signatures stay valid for anyone holding it.`;
}

/**
 * Deletions of `COSIGN_PRIVATE_KEY`/`COSIGN_PASSWORD`/`COSIGN_KEY` entries of the given maps whose name
 * appears nowhere else in the file once `pending` edits (the command rewrite) are applied; a map left
 * empty is deleted with its key. Also returns the secrets those entries referenced.
 */
function unusedKeyVariables(
  file: FileContext,
  command: CosignCommand,
  scopes: readonly Scope[],
  pending: readonly TextEdit[],
): { edits: TextEdit[]; secrets: Set<string> } {
  const text = file.text ?? '';
  const { keyUsers, mentions } = keyFacts(file);
  const candidates: { owner: Pair<unknown, unknown>; entry: Pair<unknown, unknown>; name: string; range: TextRange }[] = [];
  // cosign reads COSIGN_PASSWORD and COSIGN_KEY implicitly: another command still using a key in the
  // scope of a map keeps all its key variables.
  for (const { owner, range } of scopes) {
    if (!isMap(owner.value) || owner.value.flow) continue;
    if (otherKeyUserInside(keyUsers, command, range)) continue;
    for (const item of owner.value.items) {
      const name = stringValue(item.key);
      const start = nodeRange(item.key)?.start;
      const end = nodeRange(item.value)?.end ?? nodeRange(item.key)?.end;
      if (name && KEY_VARIABLE_NAMES.includes(name) && start !== undefined && end !== undefined)
        candidates.push({ owner, entry: item as Pair<unknown, unknown>, name, range: { start, end } });
    }
  }
  // The file as it will read, without the candidates themselves: any remaining mention keeps a variable.
  const blanked = [...pending.map((e) => e.range), ...candidates.map((c) => c.range)];
  const removable = candidates.filter((c) => !mentions.mentionedOutside(c.name, blanked));
  const edits: TextEdit[] = [];
  const secrets = new Set<string>();
  for (const owner of new Set(removable.map((c) => c.owner))) {
    const mine = removable.filter((c) => c.owner === owner);
    const all = isMap(owner.value) && owner.value.items.length === mine.length;
    const deletions = all ? [pairDeletion(text, owner)] : mine.map((c) => pairDeletion(text, c.entry));
    if (deletions.some((d) => d === undefined)) continue;
    edits.push(...(deletions as TextEdit[]));
    for (const c of mine) {
      for (const match of (stringValue(c.entry.value) ?? '').matchAll(/secrets\.([A-Za-z0-9_]+)/g)) if (match[1]) secrets.add(match[1]);
    }
  }
  return { edits, secrets };
}
