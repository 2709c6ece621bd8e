import { isMap, isSeq, visit, type Document, type Pair, type YAMLMap } from 'yaml';
import type { FileContext } from '../rules/rule';
import { parseYaml } from '../shell/extract/yaml';
import { pairOf, stringValue } from '../workflows/yaml-edit';

/**
 * Kubernetes admission policies that verify Sigstore signatures: Sigstore policy-controller
 * `ClusterImagePolicy` authorities and Kyverno `ClusterPolicy`/`Policy` `verifyImages` attestor entries,
 * in plain manifests and in Helm templates/values (parsed leniently: template lines that are not YAML
 * only cost the documents around them).
 */
export interface PolicyView {
  readonly text: string;
  readonly authorities: readonly CipAuthority[];
  readonly kyvernoEntries: readonly KyvernoEntry[];
  /** Kyverno policy documents, for rules that look at every `rekor`/`ctlog` block in them. */
  readonly kyvernoDocs: readonly Document.Parsed[];
}

/** One `spec.authorities[]` item of a ClusterImagePolicy. */
export interface CipAuthority {
  readonly policy: string;
  readonly map: YAMLMap;
  readonly key: Pair<unknown, unknown> | undefined;
  readonly keyless: Pair<unknown, unknown> | undefined;
}

/** One `attestors[].entries[]` item of a Kyverno verifyImages rule. */
export interface KyvernoEntry {
  readonly policy: string;
  readonly map: YAMLMap;
  readonly keys: Pair<unknown, unknown> | undefined;
  readonly keyless: Pair<unknown, unknown> | undefined;
}

const cache = new WeakMap<FileContext, PolicyView | null>();

/** Only YAML that names one of the two policy kinds' markers is parsed. */
export const POLICY_ANCHORS: readonly string[] = ['ClusterImagePolicy', 'verifyImages'];

export function policyView(file: FileContext): PolicyView | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  const text = file.text;
  let result: PolicyView | undefined;
  // Cheap gates first: only YAML files that name one of the two policy kinds are parsed.
  if (text !== undefined && /\.(ya?ml|tpl)$/i.test(file.path) && POLICY_ANCHORS.some((anchor) => text.includes(anchor))) {
    result = buildPolicyView(text, parseYaml(text));
  }
  cache.set(file, result ?? null);
  return result;
}

export function buildPolicyView(text: string, docs: readonly Document.Parsed[]): PolicyView {
  const authorities: CipAuthority[] = [];
  const kyvernoEntries: KyvernoEntry[] = [];
  const kyvernoDocs: Document.Parsed[] = [];
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = stringValue(pairOf(root, 'kind')?.value);
    const name = stringValue(pairOf(pairOf(root, 'metadata')?.value, 'name')?.value) ?? '(unnamed)';
    const spec = pairOf(root, 'spec')?.value;
    if (kind === 'ClusterImagePolicy') {
      const list = pairOf(spec, 'authorities')?.value;
      if (isSeq(list)) for (const item of list.items) if (isMap(item)) authorities.push({ policy: name, map: item, key: pairOf(item, 'key'), keyless: pairOf(item, 'keyless') });
    } else if (kind === 'ClusterPolicy' || kind === 'Policy') {
      kyvernoDocs.push(doc);
      visit(doc, {
        Pair(_key, pair) {
          if (stringValue(pair.key) !== 'entries' || !isSeq(pair.value)) return;
          for (const item of pair.value.items) if (isMap(item)) kyvernoEntries.push({ policy: name, map: item, keys: pairOf(item, 'keys'), keyless: pairOf(item, 'keyless') });
        },
      });
    }
  }
  return { text, authorities, kyvernoEntries, kyvernoDocs };
}

/** `true`, `"true"`, `True` … as Kubernetes would read a boolean field. */
export function isTrue(node: unknown): boolean {
  return (stringValue(node) ?? '').toLowerCase() === 'true';
}
