import type { FileContext, JudgedPrivateKeys } from '../rules/rule';
import { MAX_FINDINGS_PER_FILE } from '../findings/finding-caps';
import { findPemBlocks, type PemBlock } from '../keys/pem';
import type { WorkspaceFacts } from '../facts/workspace-facts';

const NOT_PARSED = Symbol('not parsed');

/** The scanner's handle on a file's context: rules see only the FileContext part. */
export interface ScannedFileContext extends FileContext {
  /** How many times a rule was handed an incomplete view (judgedPrivateKeys cut short) so far. */
  readonly incompleteReads: number;
}

/** Builds the per-file view that rules share; every derived view is computed at most once. */
export function createFileContext(path: string, text: string | undefined, head: Uint8Array, workspace?: WorkspaceFacts): ScannedFileContext {
  let pem: PemBlock[] | undefined;
  let judged: JudgedPrivateKeys | undefined;
  let incompleteReads = 0;
  let json: unknown = NOT_PARSED;
  const context: ScannedFileContext = {
    path,
    text,
    head,
    ...(workspace ? { workspace } : {}),
    get incompleteReads() {
      return incompleteReads;
    },
    pemBlocks() {
      pem ??= text === undefined ? [] : findPemBlocks(text);
      return pem;
    },
    judgedPrivateKeys() {
      judged ??= judgePrivateKeys(context.pemBlocks(), MAX_FINDINGS_PER_FILE);
      if (!judged.complete) incompleteReads++;
      return judged;
    },
    json() {
      if (json === NOT_PARSED) json = text === undefined ? undefined : tryParseJson(text);
      return json;
    },
  };
  return context;
}

/** Judges private-key blocks in order until more than `limit` of them are reportable (a key or a broken key). */
function judgePrivateKeys(blocks: readonly PemBlock[], limit: number): JudgedPrivateKeys {
  const judged: JudgedPrivateKeys['blocks'][number][] = [];
  let reportable = 0;
  for (const block of blocks) {
    if (block.kind !== 'private-key') continue;
    if (reportable > limit) return { blocks: judged, complete: false };
    const verdict = block.verdict();
    if (verdict.kind !== 'placeholder') reportable++;
    judged.push({ block, verdict });
  }
  return { blocks: judged, complete: true };
}

function tryParseJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
