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

/**
 * `command: [sh, -c]` + `args: [SCRIPT]`, or cosign run without a shell: `command: [cosign, …]` (+ `args:`),
 * or a container (Kubernetes, Tekton step) whose `image:` is cosign's, with `args:` and no `command:`
 * (the image's entrypoint is cosign).
 */
function containerCommand(text: string, host: ShellHost, map: YAMLMap, fromScalar: (node: Scalar) => void, segments: ShellSegment[]): void {
  const command = map.get('command', true);
  const args = map.get('args', true);
  if (!isSeq(command)) {
    const image = map.get('image', true);
    if (command === undefined && isSeq(args) && isScalar(image) && typeof image.value === 'string' && COSIGN_IMAGE.test(image.value)) {
      const argv = argvWords(text, args.items);
      // The program word stands for the image's entrypoint; it points at the image name.
      if (argv && image.range) argv.unshift(programWord(text, image.range[0], image.range[1]));
      if (argv) segments.push(argvSegment(text, host, argv));
    }
    return;
  }
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
  const argv = argvWords(text, items);
  if (argv) segments.push(argvSegment(text, host, argv));
}

/** `gcr.io/projectsigstore/cosign:TAG`, `ghcr.io/sigstore/cosign/cosign@sha256:…`, `cosign` (a Docker Hub mirror). */
const COSIGN_IMAGE = /(^|\/)cosign(:[\w.-]+)?(@sha256:[0-9a-f]+)?$/;

/** The words of an argv written as a YAML list; undefined when an item is not a plain string. */
export function argvWords(text: string, items: readonly unknown[]): Word[] | undefined {
  const argv: Word[] = [];
  for (const item of items) {
    if (!isScalar(item) || !item.range || typeof item.value !== 'string') return undefined;
    const range = item.range;
    argv.push({
      kind: 'word',
      start: range[0],
      end: range[1],
      raw: text.slice(range[0], range[1]),
      value: item.value,
      quoted: true,
      expands: /\$\(|\$\{|\{\{/.test(item.value),
      splits: false,
      substitutions: [],
    });
  }
  return argv;
}

/** A `cosign` program word for an argv whose program is implied (an image entrypoint, goreleaser's `cmd` default). */
export function programWord(text: string, start: number, end: number): Word {
  return { kind: 'word', start, end, raw: text.slice(start, end), value: 'cosign', quoted: true, expands: false, splits: false, substitutions: [] };
}

/** A program run without a shell: its words point into the file; fixes leave it alone. */
export function argvSegment(text: string, host: ShellHost, argv: readonly Word[]): ShellSegment {
  return {
    host,
    documentation: false,
    source: sliceOf(text, 0, text.length),
    lexOptions: {},
    syntax: 'yaml-argv',
    argv,
    encode: () => undefined,
    acceptsCommentLines: false,
  };
}

export function keyOf(pair: Pair<unknown, unknown>): string | undefined {
  const key = pair.key;
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}
