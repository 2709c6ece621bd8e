import { isMap, type Document } from 'yaml';
import { markdownYaml } from '../../yaml/embedded';
import { yamlBindings, type EnvBinding } from '../env-bindings';
import type { ShellHost, ShellSegment } from '../segment';
import { keyOf, yamlShellSegments } from './yaml';

/**
 * Shell in the fenced `yaml` blocks of a Markdown file: a GitHub workflow, a GitLab job, a Tekton task
 * or a Kubernetes Job shown in a README. The blocks are parsed in file offsets (yaml/embedded.ts), so
 * segments and bindings map back to the Markdown lines with no further work. Documentation: information only.
 */
export function markdownYamlShell(text: string, wantBinding: (name: string) => boolean): { segments: ShellSegment[]; bindings: EnvBinding[] } {
  const embedded = markdownYaml(text);
  const segments: ShellSegment[] = [];
  const bindings: EnvBinding[] = [];
  for (const block of embedded.blocks) {
    const host = embeddedHost(block.docs);
    segments.push(...yamlShellSegments(embedded.text, host, block.docs).map((s) => ({ ...s, documentation: true })));
    // No removal edits: deleting an `env:` entry is a structural edit this view does not check against the fence.
    for (const { removal: _removal, ...binding } of yamlBindings(embedded.text, block.docs, host, true, wantBinding)) bindings.push(binding);
  }
  return { segments, bindings };
}

/** What a YAML block shows, from its top-level keys (the file name that tells a real file's host is missing here). */
function embeddedHost(docs: readonly Document.Parsed[]): ShellHost {
  const keys = new Set<string>();
  let apiVersion = '';
  let jobWithScript = false;
  for (const doc of docs) {
    if (!isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      const key = keyOf(pair);
      if (key === undefined) continue;
      keys.add(key);
      if (isMap(pair.value) && pair.value.has('script')) jobWithScript = true;
      if (key === 'apiVersion') apiVersion = String((pair.value as { value?: unknown } | null)?.value ?? '');
    }
  }
  if (keys.has('jobs') || keys.has('runs')) return 'github-actions';
  if (apiVersion.startsWith('tekton.dev/')) return 'tekton';
  if (apiVersion.startsWith('argoproj.io/')) return 'argo';
  if (keys.has('stages') || jobWithScript) return 'gitlab-ci';
  return 'yaml';
}
