import { escapeRegexp } from '../cosign/identity-regexp';
import type { RefFilter, WorkflowRefs } from './signing-refs';

/** An identity to require: one exact certificate SAN, or an anchored regexp when several refs sign. */
export interface IdentityMatch {
  readonly identity: string;
  readonly match: 'exact' | 'regexp';
}

/**
 * The identity of a GitHub workflow's signatures across exactly the refs its triggers run on
 * (`base` is `https://github.com/OWNER/REPO/.github/workflows/FILE@`). One branch gives the exact
 * identity; tags, several branches or patterns give `^base-escaped refs/(?:heads/main|tags/v[^/]*)$`,
 * which never reaches past the repository and the workflow file. Undefined when the refs cannot be
 * known: a reusable workflow (its caller picks the ref), or a default-branch run with no known default.
 */
export function refIdentity(base: string, refs: WorkflowRefs, defaultBranch: string | undefined): IdentityMatch | undefined {
  if (refs.reusable) return undefined;
  const exact: string[] = [];
  const patterns: string[] = [];
  const add = (kind: 'heads' | 'tags', filter: RefFilter): void => {
    if (filter === 'any') {
      patterns.push(`${kind}/.+`);
      return;
    }
    for (const glob of filter) {
      if (isLiteralRefName(glob)) exact.push(`${kind}/${glob}`);
      else patterns.push(`${kind}/${globToRegexp(glob)}`);
    }
  };
  add('heads', refs.branches);
  add('tags', refs.tags);
  if (refs.defaultBranch) {
    if (defaultBranch === undefined || !isLiteralRefName(defaultBranch)) return undefined;
    if (refs.branches !== 'any') exact.push(`heads/${defaultBranch}`);
  }
  const literals = [...new Set(exact)];
  if (patterns.length === 0 && literals.length === 1) return { identity: `${base}refs/${literals[0]}`, match: 'exact' };
  if (patterns.length === 0 && literals.length === 0) return undefined;
  const alternatives = [...literals.map(escapeRegexp), ...patterns];
  return { identity: `^${escapeRegexp(base)}refs/(?:${alternatives.join('|')})$`, match: 'regexp' };
}

/** A branch or tag name with no glob characters and nothing a shell or YAML could misread. */
export function isLiteralRefName(name: string): boolean {
  return /^[A-Za-z0-9._/-]+$/.test(name) && !name.includes('..');
}

/**
 * A GitHub filter glob as a regexp: `*` is any run of characters but `/`, `**` any run at all, `[0-9]`
 * a class. Patterns using GitHub's rarer operators (`?`, `+` after a character) cover more than needed
 * when read as `.+`, never less, and still only inside the repository and workflow.
 */
export function globToRegexp(glob: string): string {
  if (!/^[A-Za-z0-9._/*\-[\]]+$/.test(glob) || /\[[^\]]*(?:\[|$)/.test(glob)) return '.+';
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      const double = glob[i + 1] === '*';
      out += double ? '.*' : '[^/]*';
      if (double) i++;
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      out += glob.slice(i, end + 1);
      i = end;
    } else out += escapeRegexp(c);
  }
  return out;
}
