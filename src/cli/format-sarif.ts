import { pathToFileURL } from 'node:url';
import { ruleDocsMarkdown } from '../engine/rules/docs';
import { RULES } from '../engine/rules/registry';
import { THREATS, type Finding, type RuleMeta, type Severity } from '../engine/types';
import { historyProperties } from './history-format';
import { ruleDocsUrl, type ScanReport } from './report';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
/** GitHub code scanning ranks security alerts by this property (a CVSS-like 0–10 score). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '9.0', warning: '6.0', information: '3.0', hint: '1.0' };

/** SARIF 2.1.0 as GitHub code scanning accepts it: every rule with help, results with stable partial fingerprints. */
export function formatSarif(report: ScanReport): string {
  const rules = RULES.map((rule) => sarifRule(rule.meta, report.docsUrl));
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.meta.id, index]));
  const root = pathToFileURL(report.root).href.replace(/\/?$/, '/');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Keyward',
            semanticVersion: report.toolVersion,
            informationUri: report.docsUrl.replace(/\/blob\/.*$/, ''),
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: root } },
        invocations: [{ executionSuccessful: !report.result.cancelled }],
        results: report.result.findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId))),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function sarifRule(meta: RuleMeta, docsUrl: string) {
  const helpUri = ruleDocsUrl(docsUrl, meta.id);
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.summary || meta.title },
    help: { text: `${meta.summary}\n\nDocumentation: ${helpUri}`, markdown: ruleDocsMarkdown(meta) },
    helpUri,
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['security', ...meta.threats.map((t) => `threat/${t}: ${THREATS[t]}`)],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: 'very-high',
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number | undefined) {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.path), uriBaseId: 'SRCROOT' },
          region: {
            startLine: finding.startPosition.line + 1,
            startColumn: finding.startPosition.character + 1,
            endLine: finding.endPosition.line + 1,
            endColumn: finding.endPosition.character + 1,
          },
        },
      },
    ],
    partialFingerprints: { 'keyward/v1': finding.fingerprint },
    properties: {
      committed: finding.committed ?? null,
      carrier: finding.carrier,
      ...(finding.key?.publicKeyFingerprint ? { publicKeyFingerprint: finding.key.publicKeyFingerprint } : {}),
      ...historyProperties(finding),
    },
  };
}
