import { isMap, isScalar, type Pair } from 'yaml';
import { decodeBase64Strict } from '../keys/base64';
import type { TextRange } from '../types';
import { parseYaml } from '../yaml/parse';

/**
 * cosign key passwords kept in Kubernetes Secrets: `cosign generate-key-pair k8s://ns/name` writes
 * `cosign.key`, `cosign.pub` and `cosign.password` into one Secret, and CI setups mount
 * `COSIGN_PASSWORD` from one. In `data:` the value is base64 (decoded to learn whether it is empty),
 * in `stringData:` it is the password itself. Values that are not base64 in `data:`, and templates or
 * variable references anywhere, are not literals. Never returns the password.
 */

export interface SecretPassword {
  /** The entry's key as written: `cosign.password` or `COSIGN_PASSWORD`. */
  readonly name: string;
  readonly field: 'data' | 'stringData';
  /** From the entry's key to the end of its value. */
  readonly range: TextRange;
  /** The password is the empty string: the key it unlocks is not encrypted. */
  readonly empty: boolean;
}

const PASSWORD_KEYS = new Set(['cosign.password', 'COSIGN_PASSWORD']);
const MENTIONS = /cosign\.password|COSIGN_PASSWORD/;
const SECRET_KIND = /\bkind["']?\s*:\s*["']?Secret\b/;
/** `{{ … }}` (Helm, goreleaser), `${VAR}`, `$(cmd)`, `$VAR`: filled in elsewhere, not a literal. */
const REFERENCE = /\{\{|\$\{|\$\(|^\$[A-Za-z_]/;

export function cosignPasswordsInSecrets(text: string): SecretPassword[] {
  if (!MENTIONS.test(text) || !SECRET_KIND.test(text)) return [];
  const found: SecretPassword[] = [];
  for (const document of parseYaml(text)) {
    const root = document.contents;
    if (!isMap(root)) continue;
    const kind = valueOf(root.items, 'kind');
    if (!isScalar(kind) || kind.value !== 'Secret') continue;
    for (const field of ['data', 'stringData'] as const) {
      const entries = valueOf(root.items, field);
      if (!isMap(entries)) continue;
      for (const pair of entries.items) {
        const entry = passwordEntry(pair, field);
        if (entry) found.push(entry);
      }
    }
  }
  return found;
}

function passwordEntry(pair: Pair, field: 'data' | 'stringData'): SecretPassword | undefined {
  const key = isScalar(pair.key) ? pair.key : undefined;
  if (typeof key?.value !== 'string' || !PASSWORD_KEYS.has(key.value) || !key.range) return undefined;
  const value = pair.value;
  if (value !== null && !isScalar(value)) return undefined;
  const raw = value === null || value.value === null ? '' : String(value.value);
  if (REFERENCE.test(raw)) return undefined;
  let empty = raw === '';
  if (field === 'data' && !empty) {
    const decoded = decodeBase64Strict(raw.replace(/\s+/g, ''));
    if (decoded === undefined) return undefined;
    empty = decoded.length === 0;
  }
  const end = value?.range?.[1] ?? key.range[1];
  return { name: key.value, field, range: { start: key.range[0], end }, empty };
}

function valueOf(items: readonly Pair[], name: string): unknown {
  return items.find((pair) => isScalar(pair.key) && pair.key.value === name)?.value;
}
