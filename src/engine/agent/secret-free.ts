/**
 * The last gate before an agent tool answers: the serialised answer is scanned with Keyward's own key
 * rules. The answers are built from masked data (messages, key facts, verification results) and should
 * never hold key material; if a bug ever put some there, the answer is withheld instead of handed to a
 * language model (whose context may be logged or sent to a service).
 */
import { RULES } from '../rules/registry';
import { scanFile } from '../scan/scanner';

const KEY_RULES = RULES.filter((rule) => rule.meta.kind === 'key');

/** `value` as pretty JSON, or a fixed error JSON when the text looks like it holds a private key. */
export function secretFreeJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return containsKeyMaterial(text)
    ? JSON.stringify({ ok: false, error: 'Keyward withheld this answer: it appeared to contain private key material (please report this as a bug)' })
    : text;
}

export function containsKeyMaterial(text: string): boolean {
  return scanFile({ path: 'keyward-agent-answer.json', text, committed: undefined }, { rules: KEY_RULES }).length > 0;
}
