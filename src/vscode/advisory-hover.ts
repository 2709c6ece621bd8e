import * as vscode from 'vscode';
import type { Assessment } from '../engine/advisories/assess';
import type { Advisory } from '../engine/advisories/types';
import { engine } from './engine-loader';

/**
 * Hover on any Sigstore version pin: its advisory status, clean pins included (KW701 only reports the
 * vulnerable ones, so "is this pin fine?" otherwise has no answer in the editor).
 */

/**
 * Files that can hold a pin (the pin finders' file kinds plus the free-text carriers). Checked before
 * reading the text, so hovering over ordinary source files costs nothing.
 */
const PIN_FILE =
  /^(?:package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.mod|requirements.*\.(?:txt|in)|pyproject\.toml|poetry\.lock|Pipfile\.lock|pom\.xml|(?:build|settings)\.gradle(?:\.kts)?|libs\.versions\.toml|(?:Docker|Container)file.*|.*\.(?:Dockerfile|dockerfile|sh|bash|mk)|Makefile|values.*\.ya?ml|\.gitlab-ci\.ya?ml|action\.ya?ml)$/i;
const WORKFLOW = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;

export function mayHoldPins(path: string): boolean {
  return WORKFLOW.test(path) || PIN_FILE.test(path.slice(path.lastIndexOf('/') + 1));
}

interface Entry {
  readonly version: number;
  readonly assessments: readonly Assessment[];
}

export class AdvisoryHover implements vscode.HoverProvider {
  /** Per document, for one version: hovering across a lockfile must not re-parse it on every move. */
  private readonly cache = new WeakMap<vscode.TextDocument, Entry>();

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!mayHoldPins(document.uri.path)) return undefined;
    const offset = document.offsetAt(position);
    // Pins are sorted by start and do not overlap.
    const a = this.assessments(document).find((x) => x.pin.range.start <= offset && offset <= x.pin.range.end);
    if (!a) return undefined;
    const range = new vscode.Range(document.positionAt(a.pin.range.start), document.positionAt(a.pin.range.end));
    return new vscode.Hover(hoverMarkdown(a), range);
  }

  private assessments(document: vscode.TextDocument): readonly Assessment[] {
    const cached = this.cache.get(document);
    if (cached && cached.version === document.version) return cached.assessments;
    const { findPins, assessPin } = engine();
    const assessments = findPins(document.uri.path, document.getText()).map((pin) => assessPin(pin));
    this.cache.set(document, { version: document.version, assessments });
    return assessments;
  }
}

const GHSA = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/;

/** The hover text. Untrusted: dataset strings are text, the only links are advisory pages. */
export function hoverMarkdown(a: Assessment): vscode.MarkdownString {
  const { pin } = a;
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**Keyward: Sigstore pin** — ');
  md.appendText(`${pin.package} ${display(a, pin.version)}`);
  md.appendText(
    pin.kind === 'range'
      ? ` (lowest version of ${pin.spec ?? ''})`
      : pin.kind === 'resolved'
        ? ' (resolved in the lockfile)'
        : pin.kind === 'installer'
          ? ' (installed by default)'
          : '',
  );
  md.appendMarkdown('\n\n');
  const { asOf } = engine().DATASET;
  if (a.advisories.length === 0) {
    md.appendText(`No known advisories (dataset as of ${asOf}).`);
    return md;
  }
  md.appendText(`${a.advisories.length} known ${a.advisories.length === 1 ? 'advisory' : 'advisories'} (dataset as of ${asOf}):`);
  md.appendMarkdown('\n\n');
  for (const advisory of a.advisories) {
    const fixed = fixedIn(advisory, a);
    md.appendMarkdown('- ');
    if (GHSA.test(advisory.id)) md.appendMarkdown(`[${advisory.id}](https://github.com/advisories/${advisory.id})`);
    else md.appendText(advisory.id);
    md.appendText(` (${advisory.severity === 'unknown' ? 'severity not rated' : advisory.severity}): ${advisory.summary}. `);
    md.appendText(fixed ? `Fixed in ${display(a, fixed)}.` : `No fix on ${pin.package}.`);
    md.appendMarkdown('\n');
  }
  md.appendMarkdown('\n');
  if (a.fix) md.appendText(`Lowest version that fixes all: ${display(a, a.fix.version)}${a.fix.package !== pin.package ? ` (${a.fix.package})` : ''}.`);
  else if (a.otherPath)
    md.appendText(`No release of ${pin.package} fixes all of them: ${a.otherPath.package} ${display(a, a.otherPath.version)} does (a new module path).`);
  else md.appendText('No fixed release is known.');
  if (a.rangeAllowsFix) md.appendText(' The range also allows it: the lockfile decides what is installed.');
  return md;
}

/** The advisory's first fixed version on the range that holds the pinned version (on the pin's own package). */
function fixedIn(advisory: Advisory, a: Assessment): string | undefined {
  const { ecosystem, package: pkg, version } = a.pin;
  const { normalizePackage, inRange } = engine();
  const key = normalizePackage(ecosystem, pkg);
  for (const p of advisory.affected) {
    if (p.ecosystem !== ecosystem || normalizePackage(ecosystem, p.package) !== key) continue;
    for (const r of p.ranges) if (inRange(ecosystem, version, r)) return r.fixed;
  }
  return undefined;
}

function display(a: Assessment, version: string): string {
  return a.pin.ecosystem === 'go' ? `v${version.replace(/^v/, '')}` : version;
}

export function registerAdvisoryHover(): vscode.Disposable {
  return vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new AdvisoryHover());
}
