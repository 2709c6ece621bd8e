import { inDocs } from './cosign-findings';
import type { Fix, RawFinding, Severity, TextRange } from '../../types';
import { editsStayInside } from '../../yaml/embedded';
import type { PolicyView } from '../../policies/documents';

/** One finding of a policy rule (KW5xx), before the scanner adds the rule id and positions. */
export interface PolicyFinding {
  /** Skipped when undefined (a node the YAML parser gave no range). */
  readonly range: TextRange | undefined;
  readonly message: string;
  readonly identity: string;
  /** Overrides the rule's default severity. */
  readonly severity?: Severity;
  readonly fix?: Fix | undefined;
}

/**
 * The findings of one policy-controller or Kyverno rule on one file: the shape every KW5xx finding
 * shares (text carrier, at most one fix), in one place. Ranges lose trailing whitespace: a YAML map
 * node's range runs to the next line. A policy shown in Markdown is documentation: information only,
 * and a fix is kept only when its edits stay inside the fenced block.
 */
export class PolicyFindings {
  readonly list: RawFinding[] = [];

  constructor(private readonly view: Pick<PolicyView, 'text' | 'documentation' | 'bodies'>) {}

  report({ range, message, identity, severity, fix }: PolicyFinding): void {
    const trimmed = range && trimEnd(this.view.text, range);
    if (!trimmed) return;
    const level = this.view.documentation ? inDocs(true, severity ?? 'error') : severity;
    const kept = fix && (!this.view.bodies || editsStayInside(fix.edits, this.view.bodies)) ? fix : undefined;
    this.list.push({ range: trimmed, ...(level ? { severity: level } : {}), message, carrier: 'text', identity, ...(kept ? { fixes: [kept] } : {}) });
  }
}

function trimEnd(text: string, range: TextRange): TextRange {
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1] as string)) end--;
  return end === range.end ? range : { start: range.start, end };
}
