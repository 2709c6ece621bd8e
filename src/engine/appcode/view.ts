import type { FileContext } from '../rules/rule';
import type { RawFinding } from '../types';
import type { AppIssue, AppIssueKind } from './issues';
import { goIssues } from './sigstore-go';
import { sigstoreJsIssues } from './sigstore-js';
import { javaIssues } from './sigstore-java';
import { pythonIssues } from './sigstore-python';
import { Source } from './syntax';
import { languageOf, type Language } from './tokens';

/**
 * The application-code view of a file: every Sigstore verification mistake in it, computed once and
 * shared by KW801–KW804. Only source files of a known language that name a Sigstore library (these
 * anchors, which are also the rules' byte gates) are tokenized.
 */
export const APPCODE_ANCHORS_BY_LANGUAGE: Readonly<Record<Language, readonly string[]>> = {
  js: ["'sigstore'", '"sigstore"', '@sigstore/verify'],
  go: ['sigstore-go/pkg/verify', 'sigstore/cosign'],
  python: ['sigstore.verify'],
  java: ['dev.sigstore'],
};

export const APPCODE_ANCHORS: readonly string[] = Object.values(APPCODE_ANCHORS_BY_LANGUAGE).flat();

const cache = new WeakMap<FileContext, readonly AppIssue[]>();

export function appcodeIssues(file: FileContext): readonly AppIssue[] {
  let issues = cache.get(file);
  if (!issues) {
    issues = compute(file);
    cache.set(file, issues);
  }
  return issues;
}

function compute(file: FileContext): readonly AppIssue[] {
  const language = languageOf(file.path);
  const text = file.text;
  if (!language || text === undefined || !APPCODE_ANCHORS_BY_LANGUAGE[language].some((a) => text.includes(a))) return [];
  const source = new Source(text, language);
  switch (language) {
    case 'js':
      return sigstoreJsIssues(source, file.workspace);
    case 'go':
      return goIssues(source);
    case 'python':
      return pythonIssues(source);
    case 'java':
      return javaIssues(source);
  }
}

/** The findings of one rule: its kind of issue, identities numbered when a mistake repeats. */
export function appcodeFindings(file: FileContext, kind: AppIssueKind): RawFinding[] {
  const seen = new Map<string, number>();
  return appcodeIssues(file)
    .filter((issue) => issue.kind === kind)
    .map((issue) => {
      const count = (seen.get(issue.identity) ?? 0) + 1;
      seen.set(issue.identity, count);
      return {
        range: issue.range,
        message: issue.message,
        carrier: 'text',
        severity: issue.severity,
        identity: count === 1 ? issue.identity : `${issue.identity}#${count}`,
        ...(issue.fixes && issue.fixes.length > 0 ? { fixes: issue.fixes } : {}),
      };
    });
}
