import { strict as assert } from 'node:assert';
import { parseAllDocuments } from 'yaml';
import type { Rule } from '../../src/engine/rules/rule';
import { scanFile } from '../../src/engine/scan/scanner';
import { applyEdits } from '../../src/engine/shell/edits';
import type { Finding, Fix } from '../../src/engine/types';
import type { WorkspaceFacts } from '../../src/engine/facts/workspace-facts';

/** Shared helpers for the KW2xx/KW3xx rule tests: scan one text with one rule, apply and check fixes. */

export const GITHUB_FACTS: WorkspaceFacts = {
  remote: { host: 'github.com', owner: 'acme', repo: 'app' },
  defaultBranch: 'main',
  signingWorkflows: ['.github/workflows/release.yml'],
};

export const GITLAB_FACTS: WorkspaceFacts = { remote: { host: 'gitlab.com', owner: 'acme/tools', repo: 'app' }, defaultBranch: 'main' };

export function scan(rule: Rule, path: string, text: string, workspace?: WorkspaceFacts): Finding[] {
  return scanFile({ path, text, committed: true, ...(workspace ? { workspace } : {}) }, { rules: [rule] });
}

/** The single finding of `rule` in the text (fails otherwise). */
export function only(rule: Rule, path: string, text: string, workspace?: WorkspaceFacts): Finding {
  const found = scan(rule, path, text, workspace);
  assert.equal(found.length, 1, `expected one ${rule.meta.id} finding, got ${found.length}: ${found.map((f) => f.message).join(' | ')}`);
  return found[0] as Finding;
}

export function covered(text: string, finding: Finding): string {
  return text.slice(finding.range.start, finding.range.end);
}

export function fixOf(finding: Finding, title?: RegExp): Fix {
  const fixes = finding.fixes ?? [];
  const fix = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(fix, `${finding.ruleId}: expected a fix${title ? ` matching ${title}` : ''}, got ${fixes.map((f) => f.title).join(', ') || 'none'}`);
  return fix;
}

export interface GoldenOptions {
  readonly workspace?: WorkspaceFacts;
  readonly title?: RegExp;
  /** Expected fix safety. */
  readonly safety?: Fix['safety'];
}

/**
 * Golden check of one fix: the only finding's fix turns `before` into exactly `after`; re-scanning the
 * result finds nothing for the rule (so no fix is offered again: applying twice changes nothing); the
 * edits touch only the lines of the finding's command; YAML results still parse, comments kept.
 */
export function assertGoldenFix(rule: Rule, path: string, before: string, after: string, options: GoldenOptions = {}): Fix {
  const finding = only(rule, path, before, options.workspace);
  const fix = fixOf(finding, options.title);
  if (options.safety) assert.equal(fix.safety, options.safety, 'fix safety');
  const fixed = applyEdits(before, fix.edits);
  assert.equal(fixed, after);
  assert.deepEqual(scan(rule, path, fixed, options.workspace), [], 'the fixed text has no finding left');
  if (/\.ya?ml$/.test(path)) {
    for (const doc of parseAllDocuments(fixed)) assert.deepEqual(doc.errors, [], 'the fixed YAML parses');
  }
  return fix;
}

/** Every `# …` comment line of `before` is still in `after` (YAML comments preserved). */
export function assertCommentsKept(before: string, after: string): void {
  for (const line of before.split('\n')) {
    const comment = /(^|\s)#\s.*$/.exec(line)?.[0].trim();
    if (comment) assert.ok(after.includes(comment), `comment kept: ${comment}`);
  }
}

/** Lines outside `[first, last]` (0-based, in `before`) are unchanged in `after`. */
export function assertOnlyLinesChanged(before: string, after: string, first: number, last: number): void {
  const a = before.split('\n');
  const b = after.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  assert.ok(prefix >= first, `changes start at line ${prefix}, before line ${first}`);
  assert.ok(a.length - 1 - suffix <= last, `changes end at line ${a.length - 1 - suffix}, after line ${last}`);
}
