import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeBase64Strict } from '../../../../src/engine/keys/base64';
import { findPemBlocks } from '../../../../src/engine/keys/pem';
import { isPlaceholderBody } from '../../../../src/engine/keys/placeholder';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { assertLinearWork, fill } from '../../../helpers/work-count';

/**
 * Adversarial inputs for the PEM finders, counted (test/helpers/work-count.ts): the work on 4n bytes
 * stays within 4.5 times the work on n. Catastrophic backtracking inside one regexp is measured by CPU
 * time in bench/hostile-keys.mjs.
 */
const MB = 1 << 20;
const PEM_RULES = RULES.filter((rule) => ['KW100', 'KW101', 'KW102', 'KW103', 'KW104'].includes(rule.meta.id));

const emptyPem = '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n';
const adversarial: Record<string, (size: number) => string> = {
  // The marker regex: partial markers, labels that never close, unclosed BEGINs, thousands of blocks.
  'dashes only': (size) => fill('-', size),
  'BEGIN without label': (size) => fill('-----BEGIN ', size),
  'unclosed BEGIN markers': (size) => fill('-----BEGIN PRIVATE KEY-----', size),
  'label that never closes': (size) => `-----BEGIN ${fill('A B ', size)}`,
  'SSH2-style openers': (size) => fill('---- BEGIN SSH2 ', size),
  'many empty blocks': (size) => fill(emptyPem, size),
  'many short junk blocks': (size) =>
    fill('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\n-----END EC PRIVATE KEY-----\n', size),
  // Body walking: escapes, quotes, headers and huge single lines inside one block.
  'backslash runs in a body': (size) => `-----BEGIN PRIVATE KEY-----\n${fill('\\', size)}n\n-----END PRIVATE KEY-----`,
  'quote toggles in a string': (size) => `"-----BEGIN PRIVATE KEY-----${fill('" + "\\n', size)}-----END PRIVATE KEY-----"`,
  'header-like line': (size) => `-----BEGIN RSA PRIVATE KEY-----\n${fill('Proc-Type', size)}:\n-----END RSA PRIVATE KEY-----`,
  'one huge base64 body': (size) => `-----BEGIN PRIVATE KEY-----\n${fill('QUJD', size)}\n-----END PRIVATE KEY-----`,
  'huge body with junk at the end': (size) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${fill('b3Bl', size)}!\n-----END OPENSSH PRIVATE KEY-----`,
  'decoration prefixes': (size) => fill('# # # # # # -----BEGIN PRIVATE KEY-----\n# ', size),
  'prefix full of quotes': (size) => `${fill('"\'`', 190)}-----BEGIN PRIVATE KEY-----\n${fill('"\'`\n', size)}-----END PRIVATE KEY-----`,
  // The base64 carrier: one endless token, thousands of tokens, endless wrapped lines.
  'endless LS0t token': (size) => fill('LS0tLS1CRUdJTi', size),
  'many LS0t tokens': (size) => fill(`${Buffer.from(emptyPem).toString('base64')} `, size),
  'wrapped base64 lines': (size) => `LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t${'A'.repeat(40)}\n${fill(`${'A'.repeat(76)}\n`, size)}`,
  // The Kubernetes Secret test on the whole file.
  'kind without Secret': (size) => `${fill('kind   :  ', size)}\n${Buffer.from(emptyPem).toString('base64')}`,
};

for (const [name, input] of Object.entries(adversarial)) {
  test(`linear work: ${name}`, () => {
    assertLinearWork(`findPemBlocks(${name})`, input, findPemBlocks);
    assertLinearWork(`scanFile(${name})`, input, (text) => scanFile({ path: 'adversarial.txt', text, committed: true }, { rules: PEM_RULES }));
  });
}

test('linear work: strict base64 and placeholder checks on long bodies', () => {
  assertLinearWork(
    'decodeBase64Strict',
    (size) => `${fill('QUJD', size)}!`,
    (body) => assert.equal(decodeBase64Strict(body), undefined),
  );
  assertLinearWork(
    'decodeBase64Strict padding',
    (size) => `${fill('QUJD', size)}===`,
    (body) => assert.equal(decodeBase64Strict(body), undefined),
  );
  assertLinearWork('isPlaceholderBody', (size) => fill('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo', size), isPlaceholderBody);
});

test('bodies past the size cap are skipped, not parsed', () => {
  const text = `-----BEGIN PRIVATE KEY-----\n${fill('QUJD', MB)}\n-----END PRIVATE KEY-----`;
  assert.deepEqual(findPemBlocks(text), []);
});
