import { isMap, isSeq, type Pair } from 'yaml';
import { analyzeIdentityRegexp, analyzeIssuerRegexp } from '../cosign/identity-regexp';
import type { Severity, TextRange } from '../types';
import { nodeRange, pairOf, stringValue } from '../workflows/yaml-edit';

export type IdentityReport = (range: TextRange | undefined, severity: Severity, message: string, identity: string) => void;

/**
 * The `keyless.identities[]` list shared by policy-controller authorities and Kyverno
 * ImageValidatingPolicy attestors: each identity needs a subject and an issuer, exact or by a regexp that
 * is anchored and not match-all. `at` names the policy in messages, `id` the keyless block in identities.
 */
export function checkKeylessIdentities(keyless: Pair<unknown, unknown>, at: string, id: string, report: IdentityReport): void {
  const identities = pairOf(keyless.value, 'identities');
  if (!identities || !isSeq(identities.value) || identities.value.items.length === 0) {
    report(
      nodeRange(keyless.key),
      'error',
      `${at}: keyless attestor names no identities: any keyless-signed image passes. Pin the exact issuer and subject.`,
      `no-identities|${id}`,
    );
    return;
  }
  checkIdentityEntries(identities.value.items, id, identityMessages(at), report);
}

/** How a policy names its identity problems: the rest of each check is the same in every policy kind. */
export interface IdentityMessages {
  readonly noSubject: string;
  readonly noIssuer: string;
  readonly subjectRegexp: (detail: string) => string;
  readonly issuerRegexp: (detail: string) => string;
}

function identityMessages(at: string): IdentityMessages {
  return {
    noSubject: `${at}: an identity names no subject: any signer of that issuer passes.`,
    noIssuer: `${at}: an identity names no issuer: a token from any Fulcio-federated provider passes.`,
    subjectRegexp: (detail) => `${at}: subjectRegExp ${detail}. Pin the exact subject or anchor the regexp (^…$).`,
    issuerRegexp: (detail) => `${at}: issuerRegExp ${detail}. Pin the exact issuer.`,
  };
}

/**
 * Each entry of an `identities:` list needs a subject and an issuer, exact or by a regexp that is anchored
 * and not match-all. `id` names the keyless block in the findings' identities.
 */
export function checkIdentityEntries(items: readonly unknown[], id: string, messages: IdentityMessages, report: IdentityReport): void {
  for (const [i, item] of items.entries()) {
    if (!isMap(item)) continue;
    const subject = pairOf(item, 'subject');
    const subjectRe = pairOf(item, 'subjectRegExp');
    const issuer = pairOf(item, 'issuer');
    const issuerRe = pairOf(item, 'issuerRegExp');
    if (!subject && !subjectRe) report(nodeRange(item), 'error', messages.noSubject, `no-subject|${id}|${i}`);
    if (!issuer && !issuerRe) report(nodeRange(item), 'error', messages.noIssuer, `no-issuer|${id}|${i}`);
    const sv = subjectRe ? analyzeIdentityRegexp(stringValue(subjectRe.value) ?? '') : undefined;
    if (sv && sv.severity !== 'information') report(nodeRange(subjectRe?.value), sv.severity, messages.subjectRegexp(sv.detail), `subject-re|${id}|${i}`);
    const iv = issuerRe ? analyzeIssuerRegexp(stringValue(issuerRe.value) ?? '') : undefined;
    if (iv && iv.severity !== 'information') report(nodeRange(issuerRe?.value), iv.severity, messages.issuerRegexp(iv.detail), `issuer-re|${id}|${i}`);
  }
}
