import { isMap, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';
import type { FileContext } from '../rules/rule';
import { parseYaml } from '../shell/extract/yaml';
import { nodeRange, pairOf, stringValue } from '../workflows/yaml-edit';

/** One `signs:` or `docker_signs:` entry of a goreleaser configuration. */
export interface GoreleaserSign {
  readonly section: 'signs' | 'docker_signs';
  readonly map: YAMLMap;
  /** `cmd:`; goreleaser's default is `gpg` for `signs` and `cosign` for `docker_signs`. */
  readonly cmd: string;
  readonly args: readonly string[] | undefined;
  readonly argsPair: Pair<unknown, unknown> | undefined;
  readonly cmdPair: Pair<unknown, unknown> | undefined;
}

const cache = new WeakMap<FileContext, { text: string; signs: GoreleaserSign[] } | null>();

export function isGoreleaserPath(path: string): boolean {
  return /(^|\/)\.?goreleaser(\.[\w-]+)?\.ya?ml$/i.test(path);
}

/** The signing entries of a goreleaser file; parsed only when the file has a `signs:`/`docker_signs:` section. */
export function goreleaserSigns(file: FileContext): { text: string; signs: GoreleaserSign[] } | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  const text = file.text;
  let result: { text: string; signs: GoreleaserSign[] } | undefined;
  if (text !== undefined && isGoreleaserPath(file.path) && /^(docker_)?signs\s*:/m.test(text)) {
    result = { text, signs: goreleaserSignsOf(parseYaml(text)) };
  }
  cache.set(file, result ?? null);
  return result;
}

/** The `signs:`/`docker_signs:` entries of a parsed goreleaser configuration (its first document). */
export function goreleaserSignsOf(docs: readonly Document.Parsed[]): GoreleaserSign[] {
  const root = docs[0]?.contents;
  const signs: GoreleaserSign[] = [];
  for (const section of ['signs', 'docker_signs'] as const) {
    const list = pairOf(root, section)?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const argsPair = pairOf(item, 'args');
      const cmdPair = pairOf(item, 'cmd');
      const args = isSeq(argsPair?.value) ? argsPair.value.items.map((a) => stringValue(a) ?? '') : undefined;
      signs.push({ section, map: item, cmd: stringValue(cmdPair?.value) ?? (section === 'signs' ? 'gpg' : 'cosign'), args, argsPair, cmdPair });
    }
  }
  return signs;
}

/**
 * Where the cosign command of an entry starts, as the cosign view sees it (its program word: the `cmd:`
 * value, else the `args` key): KW601 shares KW201's root cause through it.
 */
export function signProgramStart(sign: GoreleaserSign): number | undefined {
  return sign.cmdPair ? nodeRange(sign.cmdPair.value)?.start : nodeRange(sign.argsPair?.key)?.start;
}

/** goreleaser's default `docker_signs` args: `sign --key=cosign.key ${artifact}@${digest} --yes`. */
export function signsWithKey(sign: GoreleaserSign): boolean {
  if (!/(^|\/)cosign$/.test(sign.cmd)) return false;
  if (!sign.args) return sign.section === 'docker_signs' && !sign.argsPair;
  return sign.args.some((a) => /^(--key|-k)(=|$)/.test(a));
}
