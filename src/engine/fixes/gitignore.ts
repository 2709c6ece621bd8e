import ignore from 'ignore';
import type { TextEdit } from '../types';
import { detectEol, endsWithLineBreak, splitLines } from './text-helpers';

/** The comment written above entries Keyward adds, so a reviewer knows where they came from. */
export const GITIGNORE_COMMENT = '# added by Keyward: private key';

/**
 * The `.gitignore` entry for exactly one file: anchored to the root with a leading `/` (so `cosign.key` in
 * the root does not also ignore `docs/cosign.key`), with gitignore's special characters escaped: `\ * ? [`
 * and spaces (trailing spaces would otherwise be dropped). `#` and `!` need no escape after the `/`.
 * Throws for paths a `.gitignore` line cannot express (line breaks) or that are not inside the workspace.
 */
export function gitignoreEntry(relPath: string): string {
  return `/${checkedPath(relPath).replace(/[\\*?[ ]/g, (c) => `\\${c}`)}`;
}

function checkedPath(relPath: string): string {
  const path = relPath.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (path === '' || /[\r\n]/.test(path) || path.split('/').includes('..')) {
    throw new RangeError('Only a file inside the workspace, with no line break in its name, can be added to .gitignore.');
  }
  return path;
}

/**
 * Edits that make the root `.gitignore` ignore `relPath`. Returns [] when the file is already ignored by
 * the existing text (the same entry, a broader pattern, or an ignored folder), so applying twice equals
 * applying once. `gitignoreText` undefined means the file does not exist: the edit inserts at offset 0 of
 * a new, empty file. Appends after a line break matching the file's, with a comment line unless the file
 * already ends with a block of Keyward's entries.
 */
export function addToGitignoreEdits(gitignoreText: string | undefined, relPath: string): TextEdit[] {
  const entry = gitignoreEntry(relPath);
  const text = gitignoreText ?? '';
  const lines = splitLines(text);
  if (lines.some((line) => line.replace(/(?<!\\)\s+$/, '') === entry)) return [];
  // Case-sensitive on purpose: git on Linux is, and adding a precise entry is harmless where it is not.
  if (ignore({ ignorecase: false }).add(text).ignores(checkedPath(relPath))) return [];

  const eol = detectEol(text);
  const separator = text !== '' && !endsWithLineBreak(text) ? eol : '';
  const comment = endsWithKeywardBlock(lines) ? '' : `${GITIGNORE_COMMENT}${eol}`;
  return [{ range: { start: text.length, end: text.length }, newText: `${separator}${comment}${entry}${eol}` }];
}

/**
 * True when the file ends with Keyward's comment followed only by entries shaped like the ones it writes
 * (anchored single files), so a new entry can join that block instead of repeating the comment.
 */
function endsWithKeywardBlock(lines: readonly string[]): boolean {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    if (line === GITIGNORE_COMMENT) return i < lines.length - 1;
    if (!line.startsWith('/') || line.endsWith('/')) return false;
  }
  return false;
}
