import type { Document } from 'yaml';
import { directBindings, shellBindings, yamlBindings, type EnvBinding } from './env-bindings';
import type { DirectBinding } from './extract/direct-binding';
import { dockerfileSegments } from './extract/dockerfile';
import { goreleaserSegments } from './extract/goreleaser';
import { justfileSegments } from './extract/justfile';
import { makefileSegments } from './extract/makefile';
import { markdownSegments } from './extract/markdown';
import { markdownYamlShell } from './extract/markdown-yaml';
import { packageJsonSegments } from './extract/package-json';
import { parseYaml, yamlShellSegments } from './extract/yaml';
import { isGoreleaserPath } from '../release/goreleaser';
import { detectShellHost, isYamlHost, type HostInfo } from './hosts';
import { sliceOf } from './mapped-text';
import { basename, resolveInvocation, type Invocation } from './invocation';
import { parseShell, type SimpleCommand } from './parser';
import { identityEncode, jsonStringEncode, type ShellSegment } from './segment';
import type { Word } from './tokens';

/** One command found in a file, with the segment it was found in (for ranges and edits). */
export interface LocatedInvocation {
  readonly segment: ShellSegment;
  readonly invocation: Invocation;
}

/** Everything shell-shaped in one file: where it lives, the commands it runs, the variables it sets. */
export interface ShellView {
  readonly host: HostInfo | undefined;
  readonly segments: readonly ShellSegment[];
  readonly invocations: readonly LocatedInvocation[];
  /** Environment bindings whose name passed the filter given to `buildShellView`. */
  readonly bindings: readonly EnvBinding[];
  /** The parsed documents when the file is YAML (kept for rules that also read its structure). */
  readonly yaml: readonly Document.Parsed[];
}

export const EMPTY_SHELL_VIEW: ShellView = { host: undefined, segments: [], invocations: [], bindings: [], yaml: [] };

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);

/**
 * Extracts the shell segments of a file, parses their commands and collects the environment bindings
 * whose names pass `wantBinding` (the rules care about `COSIGN_*` and `SIGSTORE_*`).
 */
export function buildShellView(path: string, text: string, wantBinding: (name: string) => boolean): ShellView {
  const host = detectShellHost(path, text);
  if (!host) return EMPTY_SHELL_VIEW;
  let segments: ShellSegment[] = [];
  let direct: DirectBinding[] = [];
  let yaml: Document.Parsed[] = [];
  let fenced: EnvBinding[] = [];
  switch (host.host) {
    case 'makefile':
      ({ segments, bindings: direct } = makefileSegments(text));
      break;
    case 'dockerfile':
      ({ segments, bindings: direct } = dockerfileSegments(text));
      break;
    case 'justfile':
      ({ segments, bindings: direct } = justfileSegments(text));
      break;
    case 'markdown': {
      const embedded = markdownYamlShell(text, wantBinding);
      segments = [...markdownSegments(text), ...embedded.segments];
      fenced = embedded.bindings;
      break;
    }
    case 'package-json':
      segments = packageJsonSegments(text);
      break;
    case 'shell-script':
    case 'env-file':
      segments = [
        {
          host: host.host,
          documentation: false,
          source: sliceOf(text, 0, text.length),
          lexOptions: {},
          syntax: 'shell',
          encode: identityEncode,
          acceptsCommentLines: true,
        },
      ];
      break;
    default:
      if (isYamlHost(host.host)) {
        yaml = parseYaml(text);
        segments = yamlShellSegments(text, host.host, yaml);
        if (isGoreleaserPath(path)) segments.push(...goreleaserSegments(text, yaml));
      }
  }
  if (host.documentation) segments = segments.map((s) => ({ ...s, documentation: true }));
  // Documentation writes `<file>` for "a file here": read as a placeholder word, not a redirection.
  segments = segments.map((s) => (s.documentation && s.syntax === 'shell' ? { ...s, lexOptions: { ...s.lexOptions, placeholders: true } } : s));

  const invocations: LocatedInvocation[] = [];
  const bindings: EnvBinding[] = [];
  for (const segment of segments) {
    for (const located of segmentInvocations(segment)) {
      invocations.push(located);
      for (const binding of shellBindings(text, located.segment, located.invocation)) if (wantBinding(binding.name)) bindings.push(binding);
    }
  }
  for (const binding of directBindings(text, direct, host.host, host.documentation)) if (wantBinding(binding.name)) bindings.push(binding);
  if (yaml.length > 0) bindings.push(...yamlBindings(text, yaml, host.host, host.documentation, wantBinding));
  bindings.push(...fenced);
  bindings.sort((a, b) => a.nameRange.start - b.nameRange.start);
  return { host, segments, invocations, bindings, yaml };
}

/** The commands of one segment, including scripts passed to `sh -c`. */
export function segmentInvocations(segment: ShellSegment): LocatedInvocation[] {
  const out: LocatedInvocation[] = [];
  const commands: SimpleCommand[] =
    segment.syntax === 'shell'
      ? parseShell(segment.source.text, segment.lexOptions)
      : [
          {
            start: segment.argv?.[0]?.start ?? 0,
            end: segment.argv?.[segment.argv.length - 1]?.end ?? 0,
            assignments: [],
            args: segment.argv ?? [],
            redirects: [],
            depth: 0,
          },
        ];
  for (const command of commands) {
    const invocation = resolveInvocation(command);
    out.push({ segment, invocation });
    const inner = shellCommandString(segment, invocation);
    if (inner) {
      for (const nested of parseShell(segment.source.text, segment.lexOptions, inner.word.start + 1, inner.word.end - 1, command.depth + 1)) {
        out.push({ segment: inner.segment, invocation: resolveInvocation(nested) });
      }
    }
  }
  return out;
}

/**
 * `sh -c 'SCRIPT'`: when the script word is one plainly quoted string (so its text is its value), the
 * script is parsed in place, through a segment whose encoder refuses text that would break the quoting.
 */
function shellCommandString(segment: ShellSegment, invocation: Invocation): { word: Word; segment: ShellSegment } | undefined {
  const argv = invocation.argv;
  const program = argv[0];
  if (!program || !SHELLS.has(basename(program.value))) return undefined;
  const flag = argv.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
  const word = flag > 0 ? argv[flag + 1] : undefined;
  if (!word || word.raw.length < 2) return undefined;
  const quote = word.raw[0];
  if ((quote !== "'" && quote !== '"') || word.raw !== `${quote}${word.value}${quote}`) return undefined;
  if (segment.syntax === 'json-argv') {
    if (word.raw.slice(1, -1) !== JSON.stringify(word.value).slice(1, -1)) return undefined;
    return { word, segment: { ...segment, syntax: 'shell', encode: (t) => jsonStringEncode(t), argv: [] } };
  }
  if (segment.syntax !== 'shell' || (quote === '"' && /[\\`]/.test(word.value))) return undefined;
  const forbidden = quote === "'" ? /'/ : /["$`\\]/;
  return { word, segment: { ...segment, encode: (t) => (forbidden.test(t) ? undefined : segment.encode(t)) } };
}
