import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

/**
 * The rule documentation shipped inside the extension (docs/rules.md, generated from the rule registry):
 * it works offline and always matches this version, unlike a web page of an assumed homepage. A rule's
 * section is found by its `<a id="kw201"></a>` anchor, read once, when first needed.
 */
export class RuleDocs {
  private sections: ReadonlyMap<string, number> | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules.md');
  }

  /** The diagnostic's code link: the shipped file at the rule's heading (`#L<line>` opens the editor there). */
  uri(ruleId: string): vscode.Uri {
    const line = this.headingLine(ruleId);
    return line === undefined ? this.file : this.file.with({ fragment: `L${line + 1}` });
  }

  /** "Show documentation": the rule's section of the shipped file, its heading at the top of the editor. */
  async show(ruleId: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.file);
    const line = this.headingLine(ruleId) ?? 0;
    const editor = await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
  }

  /** Zero-based line of the rule's heading, or undefined for an unknown rule (or a missing file). */
  headingLine(ruleId: string): number | undefined {
    this.sections ??= readSections(this.file.fsPath);
    return this.sections.get(ruleId.toLowerCase());
  }
}

function readSections(file: string): ReadonlyMap<string, number> {
  const sections = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return sections;
  }
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const anchor = /^<a id="(kw\d+)"><\/a>\s*$/.exec(line);
    // The heading follows its anchor.
    if (anchor?.[1]) sections.set(anchor[1], index + 1 < lines.length ? index + 1 : index);
  });
  return sections;
}
