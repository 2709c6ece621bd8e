/**
 * KW203 on cosign key passwords kept in Kubernetes Secrets (issue 15): `cosign generate-key-pair
 * k8s://…` writes `cosign.password` next to `cosign.key`; CI Secrets carry `COSIGN_PASSWORD`. In
 * `data:` the value is base64, which is not encryption. The password is never printed.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { cosignPasswordLiteral } from '../../../../src/engine/rules/kw203-cosign-password-literal';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFileBytes } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { covered } from '../../../helpers/cosign-rule-harness';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function secret(field: 'data' | 'stringData', entries: Record<string, string>): string {
  const lines = Object.entries(entries).map(([key, value]) => `  ${key}: ${value}`);
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cosign-signing\n  namespace: release\ntype: Opaque\n${field}:\n${lines.join('\n')}\n`;
}

function kw203(text: string, path = 'deploy/cosign-secret.yaml'): Finding[] {
  return scanFileBytes({ path, bytes: Buffer.from(text), complete: true, committed: true }, { rules: RULES }).findings.filter(
    (f) => f.ruleId === cosignPasswordLiteral.meta.id,
  );
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, findings.map((f) => f.message).join(' | '));
  return findings[0] as Finding;
}

function assertMasked(finding: Finding, password: string): void {
  for (const value of [password, b64(password)]) {
    assert.ok(!finding.message.includes(value) && !finding.identity.includes(value) && !finding.fingerprint.includes(value), 'the password is masked');
  }
}

test('data: cosign.password and COSIGN_PASSWORD (base64) are plaintext password errors, one finding each', () => {
  for (const name of ['cosign.password', 'COSIGN_PASSWORD']) {
    const password = randomBytes(12).toString('hex');
    const text = secret('data', { 'cosign.key': b64('not a key here'), [name]: b64(password) });
    const finding = only(kw203(text));
    assert.equal(finding.severity, 'error');
    assert.ok(covered(text, finding).startsWith(`${name}: ${b64(password)}`), covered(text, finding));
    assert.match(
      finding.message,
      new RegExp(
        `Kubernetes Secret entry ${name.replace('.', '\\.')} holds the cosign key password in plain text \\(base64-encoded, which is not encryption\\)`,
      ),
    );
    assertMasked(finding, password);
  }
});

test('stringData: and JSON Secrets (kubectl get -o json) too; an empty password says the key is unencrypted', () => {
  const password = randomBytes(12).toString('hex');
  assertMasked(only(kw203(secret('stringData', { 'cosign.password': password }))), password);
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'c' }, data: { 'cosign.password': b64(password) } }, null, 2);
  assertMasked(only(kw203(json, 'secret.json')), password);
  const empty = only(kw203(secret('data', { 'cosign.password': '""' })));
  assert.match(empty.message, /holds an empty password .*not encrypted at all/);
});

test('negative: templates, references, non-base64 data, other kinds and other keys are not literals', () => {
  const cases = [
    secret('data', { 'cosign.password': '{{ .Values.cosignPassword | b64enc }}' }),
    secret('stringData', { COSIGN_PASSWORD: '${COSIGN_PASSWORD}' }),
    secret('data', { 'cosign.password': 'not*base64!' }),
    secret('data', { 'cosign.pub': b64('public') }),
    secret('data', { 'cosign.password': b64('x') }).replace('kind: Secret', 'kind: ConfigMap'),
  ];
  for (const text of cases) assert.deepEqual(kw203(text), [], text);
});
