import { pathToFileURL } from 'node:url';
import { ruleDocsMarkdown } from '../engine/rules/docs';
import { RULES } from '../engine/rules/registry';
import { describeNotShown } from '../engine/findings/finding-caps';
import { incompleteHistoryMessage } from '../engine/history/object-presence';
import { THREATS, type Finding, type RuleMeta, type ScanResult, type Severity } from '../engine/types';
import { historyProperties } from './history-format';
import { relatedWithinLimits, selectWithinLimits, CODE_SCANNING_LIMITS } from './sarif-limits';
import { ruleDocsUrl, type ScanReport } from './report';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
/** GitHub code scanning ranks security alerts by this property (a CVSS-like 0–10 score). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '9.0', warning: '6.0', information: '3.0', hint: '1.0' };

/** SARIF 2.1.0 as GitHub code scanning accepts it: every rule with help, results with stable partial fingerprints. */
export function formatSarif(report: ScanReport): string {
  const rules = RULES.map((rule) => sarifRule(rule.meta, report.docsUrl));
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.meta.id, index]));
  const root = pathToFileURL(report.root).href.replace(/\/?$/, '/');
  const selected = selectWithinLimits(report.result.findings, report.result.suppressed ?? []);
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
        invocations: [invocation(report, ruleIndex, selected.leftOut)],
        results: [
          ...selected.findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId))),
          // Suppressed findings stay in the log, marked so, so code scanning shows them dismissed rather than gone.
          ...selected.suppressed.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId), true)),
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * Whether the scan fully succeeded, and why not: rule failures (level error), findings left out by the caps
 * and objects a history or staged scan could not read (level warning).
 */
function invocation(report: ScanReport, ruleIndex: ReadonlyMap<string, number>, leftOut: number) {
  const missing = report.result.missingObjects ?? 0;
  const notifications: object[] = executionNotifications(report.result, ruleIndex);
  if (leftOut > 0) {
    notifications.push({
      level: 'warning',
      descriptor: { id: 'results-limit' },
      message: {
        text: `${leftOut} finding(s) left out of this report: GitHub code scanning rejects a run with more than ${CODE_SCANNING_LIMITS.resultsPerRun} results (the most severe are kept; the text and JSON formats list all)`,
      },
      properties: { resultsNotShown: leftOut },
    });
  }
  if (missing > 0) {
    notifications.push({
      level: 'warning',
      descriptor: { id: 'history-incomplete' },
      message: { text: `${incompleteHistoryMessage(missing)}: the repository (a partial clone) does not have them, and Keyward never fetches` },
    });
  }
  return {
    executionSuccessful: !report.result.cancelled && !report.result.internalErrors && missing === 0,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
    ...(missing > 0 ? { properties: { missingObjects: missing } } : {}),
  };
}

/** Rule failures (level error) and findings left out by the caps (level warning), each on its file. */
function executionNotifications(result: ScanResult, ruleIndex: ReadonlyMap<string, number>) {
  const notification = (level: 'error' | 'warning', text: string, path: string, ruleId: string) => {
    const index = ruleIndex.get(ruleId);
    return {
      level,
      message: { text },
      locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(path), uriBaseId: 'SRCROOT' } } }],
      associatedRule: { id: ruleId, ...(index === undefined ? {} : { index }) },
    };
  };
  return [
    ...(result.internalErrors ?? []).map((failure) =>
      notification('error', `Rule ${failure.ruleId} failed on this file (${failure.errorClass}): its findings here are missing.`, failure.path, failure.ruleId),
    ),
    ...(result.truncated ?? []).map((notice) => ({
      ...notification('warning', describeNotShown(notice), notice.path, notice.ruleId),
      properties: { findingsNotShown: notice.count, incomplete: notice.incomplete === true },
    })),
  ];
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

/**
 * A workspace-relative path as a relative URI reference: each segment percent-encoded on its own, so that
 * `#` and `?` stay part of the name instead of starting a fragment or query, `%` is not read as an escape,
 * and a `:` in the first segment does not turn the reference into an absolute URI with a scheme.
 */
export function relativeUri(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** A SARIF location: 1-based lines and columns, the path relative to SRCROOT. */
function physicalLocation(path: string, span: Pick<Finding, 'startPosition' | 'endPosition'>) {
  return {
    artifactLocation: { uri: relativeUri(path), uriBaseId: 'SRCROOT' },
    region: {
      startLine: span.startPosition.line + 1,
      startColumn: span.startPosition.character + 1,
      endLine: span.endPosition.line + 1,
      endColumn: span.endPosition.character + 1,
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number | undefined, suppressed = false) {
  const suppression = finding.suppression;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.path, finding) }],
    ...(finding.related?.length
      ? {
          relatedLocations: relatedWithinLimits(finding.related).map((related, id) => ({
            id,
            message: { text: `${related.ruleId}: ${related.message}` },
            physicalLocation: physicalLocation(finding.path, related),
          })),
        }
      : {}),
    partialFingerprints: { 'keyward/v1': finding.fingerprint },
    ...(suppressed && suppression
      ? { suppressions: [{ kind: suppression.source === 'inline' ? 'inSource' : 'external', justification: suppression.reason, status: 'accepted' }] }
      : {}),
    properties: {
      // Not honoured (untrusted mode): kept out of `suppressions`, which consumers read as "dismissed".
      ...(!suppressed && suppression
        ? { repositorySuppression: { source: suppression.source, reason: suppression.reason, line: suppression.line, honoured: false } }
        : {}),
      committed: finding.committed ?? null,
      ...(finding.removalStaged ? { removalStaged: true } : {}),
      carrier: finding.carrier,
      ...(finding.key?.publicKeyFingerprint ? { publicKeyFingerprint: finding.key.publicKeyFingerprint } : {}),
      ...historyProperties(finding),
    },
  };
}
