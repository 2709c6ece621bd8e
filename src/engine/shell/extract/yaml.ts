import { isPair, isScalar, isSeq, visit, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseYaml } from '../../yaml/parse';
import { sliceOf } from '../mapped-text';
import type { ShellHost, ShellSegment } from '../segment';
import type { Word } from '../tokens';
import { mapYamlScalar } from './yaml-scalar';

/** Keys whose string (or list-of-strings) value is shell, across CI systems and task runners. */
const SHELL_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'cmds', 'cmd', 'bash', 'sh', 'inlineScript']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

// Re-exported for the callers that import it from here; the guard lives in yaml/parse.
export { parseYaml };

/**
 * Shell carried in YAML: GitHub Actions `run:`, GitLab `script:`/`before_script:`/`after_script:`
 * (strings or lists), Taskfile `cmds:`/`cmd:`, Tekton `steps[].script`, Argo `script.source`, CircleCI
 * `run.command`, and containers whose `command`/`args` run `sh -c SCRIPT` or `cosign` itself.
 */
export function yamlShellSegments(text: string, host: ShellHost, docs: readonly Document.Parsed[]): ShellSegment[] {
  const segments: ShellSegment[] = [];
  const lexOptions = host === 'github-actions' || host === 'gitlab-ci' ? {} : { mustache: true };
  const fromScalar = (node: Scalar): void => {
    const mapped = mapYamlScalar(text, node);
    if (!mapped) return;
    segments.push({
      host,
      documentation: false,
      source: mapped.mapped,
      lexOptions,
      syntax: 'shell',
      encode: mapped.encode,
      acceptsCommentLines: mapped.style === 'literal',
    });
  };
  const collect = (node: unknown): void => {
    if (isScalar(node)) fromScalar(node);
    else if (isSeq(node)) for (const item of node.items) collect(item);
  };
  for (const doc of docs) {
    visit(doc, {
      Pair(_key, pair, path) {
        const key = keyOf(pair);
        const parent = path[path.length - 2];
        const parentKey = isPair(parent) ? keyOf(parent) : undefined;
        if (key === undefined) return;
        if (SHELL_KEYS.has(key) || (key === 'source' && parentKey === 'script') || (key === 'command' && parentKey === 'run' && isScalar(pair.value))) {
          collect(pair.value);
        }
      },
      Map(_key, map) {
        containerCommand(text, host, map, fromScalar, segments);
      },
    });
  }
  return segments;
}

/** `command: [sh, -c]` + `args: [SCRIPT]`, or `command: [cosign, …]` / `args:` run without a shell. */
function containerCommand(text: string, host: ShellHost, map: YAMLMap, fromScalar: (node: Scalar) => void, segments: ShellSegment[]): void {
  const command = map.get('command', true);
  if (!isSeq(command)) return;
  const args = map.get('args', true);
  const items = [...command.items, ...(isSeq(args) ? args.items : [])].filter((item): item is Scalar => isScalar(item));
  const program = items[0];
  if (!program || typeof program.value !== 'string') return;
  const name = program.value.slice(program.value.lastIndexOf('/') + 1);
  if (SHELLS.has(name)) {
    const flag = items.findIndex((item, i) => i > 0 && typeof item.value === 'string' && /^-[a-z]*c[a-z]*$/.test(item.value));
    const script = flag > 0 ? items[flag + 1] : undefined;
    if (script) fromScalar(script);
    return;
  }
  if (!/^cosign\b/.test(name)) return;
  const argv: Word[] = [];
  for (const item of items) {
    const range = item.range;
    if (!range || typeof item.value !== 'string') return;
    argv.push({ kind: 'word', start: range[0], end: range[1], raw: text.slice(range[0], range[1]), value: item.value, quoted: true, expands: /\$\(|\$\{|\{\{/.test(item.value), splits: false, substitutions: [] });
  }
  segments.push({ host, documentation: false, source: sliceOf(text, 0, text.length), lexOptions: {}, syntax: 'yaml-argv', argv, encode: () => undefined, acceptsCommentLines: false });
}

export function keyOf(pair: Pair<unknown, unknown>): string | undefined {
  const key = pair.key;
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}
