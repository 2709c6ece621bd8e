import type { FileContext } from '../rules/rule';
import type { EnvBinding } from '../shell/env-bindings';
import { isYamlHost } from '../shell/hosts';
import { buildShellView, EMPTY_SHELL_VIEW, type ShellView } from '../shell/view';
import { parseCosignCommand, type CosignCommand } from './command';
import type { FixContext } from '../fixes/cosign-fixes';
import { SIGNING_COMMANDS } from './subcommands';
import { isUsageSynopsis } from './synopsis';

/** The cosign view of one file: every cosign command and every `COSIGN_*`/`SIGSTORE_*` binding. */
export interface CosignView {
  readonly shell: ShellView;
  readonly commands: readonly CosignCommand[];
  readonly bindings: readonly EnvBinding[];
  /** Every variable assignment of the file, whatever its name (a `--key "$KEY"` is resolved through them). */
  readonly variables: readonly EnvBinding[];
}

const EMPTY: CosignView = { shell: EMPTY_SHELL_VIEW, commands: [], bindings: [], variables: [] };
const cache = new WeakMap<FileContext, CosignView>();

/** Variables the rules read: cosign's own (`COSIGN_*`, every flag included) and Sigstore's (`SIGSTORE_ID_TOKEN` …). */
export function isSigstoreVariable(name: string): boolean {
  return /^(COSIGN|SIGSTORE)_[A-Z0-9_]+$/.test(name);
}

/** Computed once per file and shared by every KW2xx/KW3xx rule. */
/**
 * The cosign view is empty for files without one of these (case variants as written in commands, env names
 * and prose; `docker_signs`: goreleaser runs cosign there by default without naming it).
 */
export const COSIGN_ANCHORS: readonly string[] = ['cosign', 'Cosign', 'COSIGN', 'sigstore', 'Sigstore', 'SIGSTORE', 'docker_signs'];

export function cosignView(file: FileContext): CosignView {
  const cached = cache.get(file);
  if (cached) return cached;
  const view = file.text === undefined ? EMPTY : buildCosignView(file.path, file.text);
  cache.set(file, view);
  return view;
}

export function buildCosignView(path: string, text: string): CosignView {
  // Cheap gate: files that never mention cosign or Sigstore have nothing for these rules.
  if (!COSIGN_ANCHORS.some((anchor) => text.includes(anchor))) return EMPTY;
  const everything = buildShellView(path, text, () => true);
  const shell: ShellView = { ...everything, bindings: everything.bindings.filter((b) => isSigstoreVariable(b.name)) };
  const fileScoped = shell.bindings.filter((b) => b.scope === 'file');
  const yaml = shell.host !== undefined && isYamlHost(shell.host.host);
  const commands: CosignCommand[] = [];
  for (const { segment, invocation } of shell.invocations) {
    const own = shell.bindings.filter((b) => b.invocation === invocation);
    const probe = parseCosignCommand(segment, invocation, []);
    if (!probe || isUsageSynopsis(probe)) continue;
    // YAML `env:` maps may follow the steps they apply to; in scripts only earlier exports count.
    const inherited = yaml ? fileScoped : fileScoped.filter((b) => b.nameRange.start < probe.range.start);
    commands.push({ ...probe, environment: [...inherited, ...own] });
  }
  return { shell, commands, bindings: shell.bindings, variables: everything.bindings };
}

/** What the fixes of a file need: its text, the workspace facts and its bindings. */
export function fixContextOf(file: FileContext, view: CosignView): FixContext {
  return {
    path: file.path,
    text: file.text ?? '',
    workspace: file.workspace,
    bindings: view.bindings,
    signingWorkflow: view.shell.host?.host === 'github-actions' && view.commands.some((c) => SIGNING_COMMANDS.has(c.subcommand)),
  };
}
