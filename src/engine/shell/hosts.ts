import type { ShellHost } from './segment';

export interface HostInfo {
  readonly host: ShellHost;
  /** Example and template files (`.env.example`) are documentation: information only. */
  readonly documentation: boolean;
}

const SHELL_EXTENSIONS = /\.(sh|bash|zsh|ksh|dash|ash|bats)$/i;
const SHEBANG = /^#![ \t]*\S*\/(?:env[ \t]+(?:-S[ \t]+)?)?(sh|bash|zsh|ksh|dash|ash)\b/;
const EXAMPLE = /\.(example|sample|template|tmpl|dist)$/i;

/**
 * Which carrier a file is, from its path (workspace-relative, `/` separators) and, for scripts without
 * an extension, its shebang. Undefined: no shell lives in this file.
 */
export function detectShellHost(path: string, text: string): HostInfo | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  const documentation = EXAMPLE.test(lower);
  const host = hostOf(path, lower, text);
  return host ? { host, documentation: documentation || host === 'markdown' } : undefined;
}

function hostOf(path: string, lower: string, text: string): ShellHost | undefined {
  if (lower === 'makefile' || lower === 'gnumakefile' || /\.(mk|make)$/.test(lower)) return 'makefile';
  if (/^(docker|container)file([.-].*)?$/.test(lower) || /\.(docker|container)file$/.test(lower)) return 'dockerfile';
  if (lower === 'justfile' || lower === '.justfile' || lower.endsWith('.just')) return 'justfile';
  if (lower === 'package.json') return 'package-json';
  if (/\.(md|markdown|mdx)$/.test(lower)) return 'markdown';
  if (lower === '.envrc') return 'shell-script';
  if (/^\.env(\..*)?$/.test(lower) || /\.env(\.(example|sample|template|tmpl|dist))?$/.test(lower)) return 'env-file';
  if (SHELL_EXTENSIONS.test(lower)) return 'shell-script';
  if (/\.ya?ml(\.(example|sample|template|tmpl|dist))?$/.test(lower)) return yamlHost(path, lower, text);
  return SHEBANG.test(text.slice(0, 200)) ? 'shell-script' : undefined;
}

function yamlHost(path: string, lower: string, text: string): ShellHost {
  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(path) || lower === 'action.yml' || lower === 'action.yaml') return 'github-actions';
  if (lower.endsWith('.gitlab-ci.yml') || lower.endsWith('.gitlab-ci.yaml') || /(^|\/)\.gitlab\//.test(path)) return 'gitlab-ci';
  if (/^taskfile(\.dist)?\.ya?ml$/.test(lower)) return 'taskfile';
  const head = text.slice(0, 4096);
  if (/apiVersion:\s*tekton\.dev\//.test(head)) return 'tekton';
  if (/apiVersion:\s*argoproj\.io\//.test(head)) return 'argo';
  return 'yaml';
}

export function isYamlHost(host: ShellHost): boolean {
  return host === 'github-actions' || host === 'gitlab-ci' || host === 'taskfile' || host === 'tekton' || host === 'argo' || host === 'yaml';
}
