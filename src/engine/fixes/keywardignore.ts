// .keywardignore: findings a person reviewed and decided to keep, for files that cannot carry an inline
// `keyward-ignore` comment (PEM files, JSON, keystores). It lives in the workspace root.
//
//   # comments start with '#'; blank lines are fine
//   # <path glob> <rule id or *> reason: <why>
//   test/fixtures/throwaway.pem KW101 reason: generated test key, never used
//   **/testdata/*.p12 KW108 reason: fixtures of the keystore parser, no real keys
//   fingerprint:3f0c…(32 hex digits) * reason: the demo key shown in the tutorial
//
// - The path glob is a minimatch glob matched against the whole workspace-relative path with `/` separators
//   (`x.pem` is only the root's x.pem; write `**/x.pem` for any folder). Dotfiles match. Escape spaces and
//   glob characters with a backslash (`my\ key.pem`, `key\[1\].pem`).
// - `fingerprint:<hex>` instead of a glob suppresses exactly one finding (by its fingerprint, shown in JSON
//   and SARIF output), and leaves other findings in the same file reported.
// - The rule id is one id (`KW101`) or `*` for every rule.
// - The reason is required. An entry without one is not applied and is reported as a problem, so that
//   nothing is silenced without a recorded decision.
//
// Suppressed findings are never silent: reports list them with their reason (SARIF `suppressions`, JSON
// `suppressed`, the status bar). In untrusted workspaces the file (like inline comments) still applies to
// configuration findings, but not to key findings: a hostile repository must not hide its own committed key
// (suppress.ts `honoursSuppression`).
import { createFileSuppressions, KEYWARDIGNORE_GLOB_OPTIONS, type KeywardIgnoreEntry } from '../findings/suppress';
import type { Finding, TextEdit } from '../types';
import { Minimatch, escape as escapeGlob } from 'minimatch';
import { detectEol, endsWithLineBreak, normalizeReason } from './text-helpers';

export type { KeywardIgnoreEntry } from '../findings/suppress';

export const KEYWARDIGNORE_FILE = '.keywardignore';

export interface KeywardIgnoreProblem {
  /** Zero-based line. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedKeywardIgnore {
  readonly entries: KeywardIgnoreEntry[];
  readonly problems: KeywardIgnoreProblem[];
}

const ENTRY = /^((?:\\.|[^\s\\])+)\s+(\S+)(?:\s+([\s\S]*))?$/;
const RULE_ID = /^(?:KW\d{3}|\*)$/;
const FINGERPRINT = /^fingerprint:([0-9a-f]{8,64})$/i;
const REASON = /^reason:\s*(.*)$/i;

const HEADER = [
  '# Keyward: findings reviewed and kept on purpose. One entry per line:',
  '# <path glob> <rule id or *> reason: <why>   (the reason is required)',
];

export function parseKeywardIgnore(text: string): ParsedKeywardIgnore {
  const entries: KeywardIgnoreEntry[] = [];
  const problems: KeywardIgnoreProblem[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, line) => {
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    const match = ENTRY.exec(content);
    const [, target = '', ruleToken = '', rest = ''] = match ?? [];
    if (!match) {
      problems.push({ line, message: 'Expected "<path glob> <rule id or *> reason: <why>".' });
      return;
    }
    const ruleId = ruleToken.toUpperCase();
    if (!RULE_ID.test(ruleId)) {
      problems.push({ line, message: `"${ruleToken}" is not a rule id: write one id like KW101, or * for every rule.` });
      return;
    }
    const reason = REASON.exec(rest.trim())?.[1]?.trim() ?? '';
    if (reason === '') {
      problems.push({ line, message: 'This entry has no reason, so it is not applied. Add "reason: <why this finding is safe>".' });
      return;
    }
    const fingerprint = FINGERPRINT.exec(target)?.[1];
    if (fingerprint !== undefined) {
      entries.push({ line, fingerprint: fingerprint.toLowerCase(), ruleId, reason });
      return;
    }
    const glob = target.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
    try {
      new Minimatch(glob, KEYWARDIGNORE_GLOB_OPTIONS).makeRe();
    } catch {
      problems.push({ line, message: `"${target}" is not a valid glob.` });
      return;
    }
    entries.push({ line, glob, ruleId, reason });
  });
  return { entries, problems };
}

/**
 * The glob that matches exactly this path: glob characters escaped (minimatch's `escape` leaves braces, which
 * would expand), and whitespace, which separates the fields of an entry.
 */
export function keywardIgnoreGlob(relPath: string): string {
  const escaped = escapeGlob(relPath).replace(/[\s{}]/g, (c) => `\\${c}`);
  return escaped.startsWith('#') ? `\\${escaped}` : escaped;
}

/**
 * Edits that add an entry for this finding (its file and rule) to `.keywardignore`, or [] when an entry
 * already suppresses it (idempotent). `currentText` undefined: the file does not exist yet, and the edit
 * (at offset 0) creates its content with a short header explaining the format.
 */
export function keywardIgnoreEdits(currentText: string | undefined, finding: Finding, reason: string): TextEdit[] {
  const why = normalizeReason(reason);
  const text = currentText ?? '';
  if (/[\r\n]/.test(finding.path)) throw new RangeError('A path with a line break cannot be written to .keywardignore.');
  if (createFileSuppressions(parseKeywardIgnore(text).entries).isSuppressed(finding)) return [];
  const eol = detectEol(text);
  const entry = `${keywardIgnoreGlob(finding.path)} ${finding.ruleId} reason: ${why}${eol}`;
  const header = text.trim() === '' ? HEADER.map((line) => line + eol).join('') : '';
  const separator = text !== '' && !endsWithLineBreak(text) ? eol : '';
  return [{ range: { start: text.length, end: text.length }, newText: `${separator}${header}${entry}` }];
}
