import { isMap, type Pair, type YAMLMap } from 'yaml';
import type { FileContext } from '../rules/rule';
import { parseYaml } from '../shell/extract/yaml';
import type { TextEdit, TextRange } from '../types';
import { insertIntoBlockMap, nodeRange, pairOf, stringValue } from '../workflows/yaml-edit';

/** The Tekton Chains `chains-config` ConfigMap: its `data:` settings (flat dotted keys). */
export interface ChainsConfig {
  readonly text: string;
  readonly data: YAMLMap | undefined;
  /** Where findings about the whole config point: `name: chains-config`. */
  readonly nameRange: TextRange;
}

const cache = new WeakMap<FileContext, ChainsConfig[] | null>();

export const CHAINS_ANCHORS: readonly string[] = ['chains-config'];

export function chainsConfigs(file: FileContext): ChainsConfig[] {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? [];
  const text = file.text;
  const out: ChainsConfig[] = [];
  if (text !== undefined && /\.ya?ml$/i.test(file.path) && CHAINS_ANCHORS.some((anchor) => text.includes(anchor))) {
    for (const doc of parseYaml(text)) {
      const root = doc.contents;
      if (!isMap(root) || stringValue(pairOf(root, 'kind')?.value) !== 'ConfigMap') continue;
      const name = pairOf(pairOf(root, 'metadata')?.value, 'name');
      const range = nodeRange(name?.value);
      if (stringValue(name?.value) !== 'chains-config' || !range) continue;
      const data = pairOf(root, 'data')?.value;
      out.push({ text, data: isMap(data) ? data : undefined, nameRange: range });
    }
  }
  cache.set(file, out);
  return out;
}

export function setting(config: ChainsConfig, key: string): Pair<unknown, unknown> | undefined {
  return config.data ? pairOf(config.data, key) : undefined;
}

/** Sets `key: "value"`: replaces an existing value or adds the entry to `data:`. */
export function setSettingEdit(config: ChainsConfig, key: string, value: string): TextEdit | undefined {
  const existing = setting(config, key);
  const range = nodeRange(existing?.value);
  if (existing && range) return { range, newText: JSON.stringify(value) };
  if (existing || !config.data) return undefined;
  return insertIntoBlockMap(config.text, config.data, [`${key}: ${JSON.stringify(value)}`]);
}
