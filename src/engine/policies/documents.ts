import { isMap, isSeq, visit, type Document, type Pair, type YAMLMap } from 'yaml';
import type { FileContext } from '../rules/rule';
import type { TextRange } from '../types';
import { isMarkdownPath, markdownYaml } from '../yaml/embedded';
import { parseYaml } from '../shell/extract/yaml';
import { pairOf, stringValue } from '../workflows/yaml-edit';

/**
 * Kubernetes admission policies that verify Sigstore signatures: Sigstore policy-controller
 * `ClusterImagePolicy` authorities, Kyverno `ClusterPolicy`/`Policy` `verifyImages` attestor entries and
 * Kyverno `ImageValidatingPolicy` cosign attestors,
 * in plain manifests and in Helm templates/values (parsed leniently: template lines that are not YAML
 * only cost the documents around them).
 */
export interface PolicyView {
  readonly text: string;
  readonly authorities: readonly CipAuthority[];
  readonly kyvernoEntries: readonly KyvernoEntry[];
  /** Kyverno policy documents, for rules that look at every `rekor`/`ctlog` block in them. */
  readonly kyvernoDocs: readonly Document.Parsed[];
  /** `spec.attestors[].cosign` of Kyverno ImageValidatingPolicies (the CEL-based policy type). */
  readonly imageValidatingAttestors: readonly ImageValidatingAttestor[];
  /** ImageValidatingPolicy documents, for the rules that look at their `ctlog` blocks. */
  readonly imageValidatingDocs: readonly Document.Parsed[];
  /** Policies shown in a Markdown file's fenced `yaml` blocks: documentation, information only. */
  readonly documentation: boolean;
  /** In Markdown, the YAML bodies: a fix applies only when all its edits stay inside one. */
  readonly bodies?: readonly TextRange[];
}

/** One `spec.authorities[]` item of a ClusterImagePolicy. */
export interface CipAuthority {
  readonly policy: string;
  readonly map: YAMLMap;
  readonly key: Pair<unknown, unknown> | undefined;
  readonly keyless: Pair<unknown, unknown> | undefined;
  /** `static: { action: pass | fail }`: admits or rejects every image without looking at signatures. */
  readonly static: Pair<unknown, unknown> | undefined;
}

/** One `attestors[].entries[]` item of a Kyverno verifyImages rule. */
export interface KyvernoEntry {
  readonly policy: string;
  readonly map: YAMLMap;
  readonly keys: Pair<unknown, unknown> | undefined;
  readonly keyless: Pair<unknown, unknown> | undefined;
}

/** One `spec.attestors[]` item of a Kyverno ImageValidatingPolicy with a `cosign` verifier. */
export interface ImageValidatingAttestor {
  readonly policy: string;
  /** The attestor's `name`, for messages and identities. */
  readonly name: string;
  readonly cosign: YAMLMap;
  readonly key: Pair<unknown, unknown> | undefined;
  readonly keyless: Pair<unknown, unknown> | undefined;
}

const cache = new WeakMap<FileContext, PolicyView | null>();

/** Only YAML that names one of the policy kinds' markers is parsed. */
export const POLICY_ANCHORS: readonly string[] = ['ClusterImagePolicy', 'verifyImages', 'ImageValidatingPolicy'];

export function policyView(file: FileContext): PolicyView | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  const text = file.text;
  let result: PolicyView | undefined;
  // Cheap gates first: only YAML files that name one of the two policy kinds are parsed.
  if (text !== undefined && POLICY_ANCHORS.some((anchor) => text.includes(anchor))) {
    if (/\.(ya?ml|tpl)$/i.test(file.path)) result = buildPolicyView(text, parseYaml(text));
    else if (isMarkdownPath(file.path)) {
      const embedded = markdownYaml(text, POLICY_ANCHORS);
      const bodies = embedded.blocks.map((b) => b.body);
      if (bodies.length > 0)
        result = {
          ...buildPolicyView(
            embedded.text,
            embedded.blocks.flatMap((b) => b.docs),
          ),
          documentation: true,
          bodies,
        };
    }
  }
  cache.set(file, result ?? null);
  return result;
}

export function buildPolicyView(text: string, docs: readonly Document.Parsed[]): PolicyView {
  const authorities: CipAuthority[] = [];
  const kyvernoEntries: KyvernoEntry[] = [];
  const kyvernoDocs: Document.Parsed[] = [];
  const imageValidatingAttestors: ImageValidatingAttestor[] = [];
  const imageValidatingDocs: Document.Parsed[] = [];
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = stringValue(pairOf(root, 'kind')?.value);
    const name = stringValue(pairOf(pairOf(root, 'metadata')?.value, 'name')?.value) ?? '(unnamed)';
    const spec = pairOf(root, 'spec')?.value;
    if (kind === 'ClusterImagePolicy') {
      const list = pairOf(spec, 'authorities')?.value;
      if (isSeq(list))
        for (const item of list.items)
          if (isMap(item))
            authorities.push({ policy: name, map: item, key: pairOf(item, 'key'), keyless: pairOf(item, 'keyless'), static: pairOf(item, 'static') });
    } else if (kind === 'ClusterPolicy' || kind === 'Policy') {
      kyvernoDocs.push(doc);
      visit(doc, {
        Pair(_key, pair) {
          if (stringValue(pair.key) !== 'entries' || !isSeq(pair.value)) return;
          for (const item of pair.value.items)
            if (isMap(item)) kyvernoEntries.push({ policy: name, map: item, keys: pairOf(item, 'keys'), keyless: pairOf(item, 'keyless') });
        },
      });
    } else if (kind === 'ImageValidatingPolicy' && /^policies\.kyverno\.io\//.test(stringValue(pairOf(root, 'apiVersion')?.value) ?? '')) {
      imageValidatingDocs.push(doc);
      const list = pairOf(spec, 'attestors')?.value;
      if (!isSeq(list)) continue;
      for (const [index, item] of list.items.entries()) {
        const cosign = pairOf(item, 'cosign')?.value;
        if (!isMap(cosign)) continue;
        const attestor = stringValue(pairOf(item, 'name')?.value) ?? `#${index}`;
        imageValidatingAttestors.push({ policy: name, name: attestor, cosign, key: pairOf(cosign, 'key'), keyless: pairOf(cosign, 'keyless') });
      }
    }
  }
  return { text, authorities, kyvernoEntries, kyvernoDocs, imageValidatingAttestors, imageValidatingDocs, documentation: false };
}

/** `true`, `"true"`, `True` … as Kubernetes would read a boolean field. */
export function isTrue(node: unknown): boolean {
  return (stringValue(node) ?? '').toLowerCase() === 'true';
}
