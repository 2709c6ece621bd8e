import { findInlineDirective, isSuppressedInline } from '../findings/suppress';
import { LineIndex } from '../text/line-index';
import type { Finding, TextEdit } from '../types';
import { detectEol, normalizeReason } from './text-helpers';

export interface CommentSyntax {
  readonly prefix: string;
  /** Closing delimiter for block-only syntaxes (HTML/XML/Markdown); '' for line comments. */
  readonly suffix: string;
}

const HASH: CommentSyntax = { prefix: '#', suffix: '' };
const SLASHES: CommentSyntax = { prefix: '//', suffix: '' };
const DASHES: CommentSyntax = { prefix: '--', suffix: '' };
const MARKUP: CommentSyntax = { prefix: '<!--', suffix: '-->' };

const BY_EXTENSION: Readonly<Record<string, CommentSyntax>> = {
  ...Object.fromEntries(
    [
      'yaml',
      'yml',
      'sh',
      'bash',
      'zsh',
      'ksh',
      'fish',
      'py',
      'rb',
      'pl',
      'pm',
      'r',
      'toml',
      'hcl',
      'tf',
      'tfvars',
      'nomad',
      'env',
      'conf',
      'cfg',
      'properties',
      'ps1',
      'psm1',
      'mk',
      'nix',
      'cmake',
      'dockerfile',
      'containerfile',
      'bzl',
      'star',
      'ex',
      'exs',
      'jl',
      'cr',
      'tcl',
      'awk',
      'coffee',
    ].map((e) => [e, HASH]),
  ),
  ...Object.fromEntries(
    [
      'ts',
      'tsx',
      'mts',
      'cts',
      'js',
      'jsx',
      'mjs',
      'cjs',
      'go',
      'java',
      'kt',
      'kts',
      'scala',
      'groovy',
      'gradle',
      'c',
      'h',
      'cc',
      'cpp',
      'cxx',
      'hpp',
      'hh',
      'cs',
      'fs',
      'rs',
      'swift',
      'dart',
      'php',
      'json5',
      'jsonc',
      'proto',
      'zig',
      'sol',
    ].map((e) => [e, SLASHES]),
  ),
  ...Object.fromEntries(['sql', 'lua', 'hs', 'elm'].map((e) => [e, DASHES])),
  ...Object.fromEntries(['md', 'markdown', 'html', 'htm', 'xhtml', 'xml', 'svg', 'plist'].map((e) => [e, MARKUP])),
};

const HASH_NAMES =
  /^(?:Dockerfile|Containerfile|Makefile|GNUmakefile|makefile|Vagrantfile|Gemfile|Rakefile|Procfile|\.env)$|^(?:Dockerfile|Containerfile|\.env)\./;

/**
 * The line-comment syntax of a file, by name. undefined for files without comments (PEM and key files,
 * JSON, binaries, unknown types): their findings are ignored through `.keywardignore` instead.
 */
export function commentSyntaxFor(path: string): CommentSyntax | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (HASH_NAMES.test(name)) return HASH;
  if (name === 'Jenkinsfile') return SLASHES;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 && !name.startsWith('.')) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** A YAML line that opens a block scalar (`key: |`, `- >-`, `key: |2 # note`): the lines below are its content. */
const YAML_BLOCK_SCALAR = /(?:^|\s)[|>](?:[1-9][-+]?|[-+][1-9]?)?\s*(?:#.*)?$/;
const QUOTES = new Set(['"', "'", '`']);

/**
 * The edit that adds `<prefix> keyward-ignore KW101 reason: <reason><suffix>` for a finding, placed so the
 * scanner reads it (on the line above the finding, matching its indentation and the file's line breaks).
 *
 * The comment must never land inside the value that holds the key (a YAML block scalar, a heredoc, a
 * multi-line string), where it would change the value instead of commenting. So a new line is inserted only
 * when the finding's line is code: the key starts after other text on its line, or with the quote that
 * opens its string. For a YAML block scalar the comment goes at the end of the `key: |` line above. Anything
 * else returns undefined, and the caller offers a `.keywardignore` entry instead. Also undefined when the
 * file type has no comments or the finding is already suppressed. When the line above already holds a
 * `keyward-ignore` comment for another rule, this rule's id is added to it (its reason is kept).
 */
export function inlineIgnoreEdit(text: string, finding: Finding, reason: string): TextEdit | undefined {
  const syntax = commentSyntaxFor(finding.path);
  if (!syntax) return undefined;
  const why = normalizeReason(syntax.suffix ? reason.split(syntax.suffix).join(' ') : reason);
  const lines = new LineIndex(text);
  if (isSuppressedInline(text, lines, finding)) return undefined;

  const line = lines.positionAt(finding.range.start).line;
  for (const candidate of [line, line - 1]) {
    if (candidate < 0) continue;
    const directive = findInlineDirective(lines.lineText(candidate));
    if (directive) {
      const at = lines.lineStart(candidate) + directive.idsEnd;
      return { range: { start: at, end: at }, newText: `, ${finding.ruleId}` };
    }
  }

  const comment = `${syntax.prefix} keyward-ignore ${finding.ruleId} reason: ${why}${syntax.suffix ? ` ${syntax.suffix}` : ''}`;
  const lineStart = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const column = finding.range.start - lineStart;
  if (column > indent.length || QUOTES.has(text.charAt(finding.range.start))) {
    return { range: { start: lineStart, end: lineStart }, newText: `${indent}${comment}${detectEol(text)}` };
  }
  if (syntax === HASH && /\.ya?ml$/i.test(finding.path) && line > 0 && YAML_BLOCK_SCALAR.test(lines.lineText(line - 1))) {
    const at = lines.lineEnd(line - 1);
    return { range: { start: at, end: at }, newText: ` ${comment}` };
  }
  return undefined;
}
