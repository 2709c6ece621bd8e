import type { FileContext } from './rules/rule';
import { findPemBlocks, type PemBlock } from './keys/pem';
import type { WorkspaceFacts } from './workspace-facts';

const NOT_PARSED = Symbol('not parsed');

/** Builds the per-file view that rules share; every derived view is computed at most once. */
export function createFileContext(path: string, text: string | undefined, head: Uint8Array, workspace?: WorkspaceFacts): FileContext {
  let pem: PemBlock[] | undefined;
  let json: unknown = NOT_PARSED;
  return {
    path,
    text,
    head,
    ...(workspace ? { workspace } : {}),
    pemBlocks() {
      pem ??= text === undefined ? [] : findPemBlocks(text);
      return pem;
    },
    json() {
      if (json === NOT_PARSED) json = text === undefined ? undefined : tryParseJson(text);
      return json;
    },
  };
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
