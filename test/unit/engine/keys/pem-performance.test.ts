import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeBase64Strict } from '../../../../src/engine/keys/base64';
import { findPemBlocks } from '../../../../src/engine/keys/pem';
import { isPlaceholderBody } from '../../../../src/engine/keys/placeholder';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFile } from '../../../../src/engine/scan/scanner';

/**
 * Catastrophic backtracking shows up as seconds or minutes on these inputs; linear code takes
 * milliseconds. The bound is loose on purpose (shared CI machines), it only has to catch the former.
 */
const LIMIT_MS = 2000;
const MB = 1 << 20;
const PEM_RULES = RULES.filter((rule) => ['KW100', 'KW101', 'KW102', 'KW103', 'KW104'].includes(rule.meta.id));

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function timed(name: string, run: () => unknown): void {
  const start = performance.now();
  run();
  const elapsed = performance.now() - start;
  assert.ok(elapsed < LIMIT_MS, `${name} took ${Math.round(elapsed)} ms on 1 MB`);
}

const emptyPem = '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n';
const adversarial: Record<string, string> = {
  // The marker regex: partial markers, labels that never close, unclosed BEGINs, thousands of blocks.
  'dashes only': fill('-'),
  'BEGIN without label': fill('-----BEGIN '),
  'unclosed BEGIN markers': fill('-----BEGIN PRIVATE KEY-----'),
  'label that never closes': `-----BEGIN ${fill('A B ')}`,
  'SSH2-style openers': fill('---- BEGIN SSH2 '),
  'many empty blocks': fill(emptyPem),
  'many short junk blocks': fill('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\n-----END EC PRIVATE KEY-----\n'),
  // Body walking: escapes, quotes, headers and huge single lines inside one block.
  'backslash runs in a body': `-----BEGIN PRIVATE KEY-----\n${fill('\\', MB / 2)}n\n-----END PRIVATE KEY-----`,
  'quote toggles in a string': `"-----BEGIN PRIVATE KEY-----${fill('" + "\\n', MB / 2)}-----END PRIVATE KEY-----"`,
  'header-like line': `-----BEGIN RSA PRIVATE KEY-----\n${fill('Proc-Type', MB / 2)}:\n-----END RSA PRIVATE KEY-----`,
  'one huge base64 body': `-----BEGIN PRIVATE KEY-----\n${fill('QUJD', MB / 2)}\n-----END PRIVATE KEY-----`,
  'huge body with junk at the end': `-----BEGIN OPENSSH PRIVATE KEY-----\n${fill('b3Bl', MB / 2)}!\n-----END OPENSSH PRIVATE KEY-----`,
  'decoration prefixes': fill('# # # # # # -----BEGIN PRIVATE KEY-----\n# '),
  'prefix full of quotes': `${fill('"\'`', 190)}-----BEGIN PRIVATE KEY-----\n${fill('"\'`\n', MB / 2)}-----END PRIVATE KEY-----`,
  // The base64 carrier: one endless token, thousands of tokens, endless wrapped lines.
  'endless LS0t token': fill('LS0tLS1CRUdJTi'),
  'many LS0t tokens': fill(`${Buffer.from(emptyPem).toString('base64')} `),
  'wrapped base64 lines': `LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t${'A'.repeat(40)}\n${fill(`${'A'.repeat(76)}\n`)}`,
  // The Kubernetes Secret test on the whole file.
  'kind without Secret': `${fill('kind   :  ')}\n${Buffer.from(emptyPem).toString('base64')}`,
};

for (const [name, text] of Object.entries(adversarial)) {
  test(`linear time: ${name}`, () => {
    timed(`findPemBlocks(${name})`, () => findPemBlocks(text));
    timed(`scanFile(${name})`, () => scanFile({ path: 'adversarial.txt', text, committed: true }, { rules: PEM_RULES }));
  });
}

test('linear time: strict base64 and placeholder checks on 1 MB bodies', () => {
  timed('decodeBase64Strict', () => assert.equal(decodeBase64Strict(`${fill('QUJD')}!`), undefined));
  timed('decodeBase64Strict padding', () => assert.equal(decodeBase64Strict(`${fill('QUJD')}===`), undefined));
  timed('isPlaceholderBody', () => isPlaceholderBody(`${fill('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo')}`));
});

test('bodies past the size cap are skipped, not parsed', () => {
  const text = `-----BEGIN PRIVATE KEY-----\n${fill('QUJD', MB)}\n-----END PRIVATE KEY-----`;
  assert.deepEqual(findPemBlocks(text), []);
});
