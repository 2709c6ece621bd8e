import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { KEYSTORE_BASE64_ANCHORS } from '../../../../src/engine/keys/keystore';
import { AnchorSet, RuleGates } from '../../../../src/engine/rules/gate';
import { RULES } from '../../../../src/engine/rules/registry';
import type { Rule } from '../../../../src/engine/rules/rule';
import { auditRuleGates, scanFile, scanFileBytes } from '../../../../src/engine/scan/scanner';
import { checkProperty, fc } from '../../../helpers/fuzz';
import { generatePemKey } from '../../../helpers/keys';

const ANCHORS = ['-----BEGIN', 'cosign', 'COSIGN', 'kty', 'AQM', 'PuTTY-User-Key-File-', 'chains-config'];

function naive(anchors: readonly string[], text: string): Set<number> {
  return new Set(anchors.flatMap((anchor, index) => (text.includes(anchor) ? [index] : [])));
}

/** Text made of anchor pieces, whole anchors and noise: near misses are where a skip search goes wrong. */
const anchorSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ANCHORS),
      fc.constantFrom(...ANCHORS).map((a) => a.slice(0, -1)),
      fc.constantFrom(...ANCHORS).map((a) => a.slice(1)),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function testRule(id: string, gate: Rule['gate'], reports: (text: string | undefined) => boolean): Rule {
  return {
    meta: { id, name: `test-${id}`, title: 'test', severity: 'error', threats: ['T5'], kind: 'config', summary: '', docs: '', fixes: [] },
    ...(gate ? { gate } : {}),
    check: (file) => (reports(file.text) ? [{ ruleId: id, range: { start: 0, end: 1 }, message: 'found', carrier: 'text', identity: id }] : []),
  };
}

describe('AnchorSet', () => {
  const set = new AnchorSet(ANCHORS);

  test('finds exactly the anchors a per-anchor search finds, in bytes and in text', () => {
    checkProperty(
      fc.property(anchorSoup, (text) => {
        const expected = naive(set.anchors, text);
        assert.deepEqual(set.inBytes(Buffer.from(text, 'utf8')), expected);
        assert.deepEqual(set.inText(text), expected);
      }),
    );
  });

  test('anchors at the very start and end of a file, and files shorter than the search window', () => {
    assert.deepEqual(set.inBytes(Buffer.from('cosign')), new Set([set.anchors.indexOf('cosign')]));
    assert.deepEqual(set.inBytes(Buffer.from('x chains-config')), new Set([set.anchors.indexOf('chains-config')]));
    assert.deepEqual(set.inBytes(Buffer.from('kty')), new Set([set.anchors.indexOf('kty')]));
    assert.deepEqual(set.inBytes(Buffer.from('co')), new Set());
    assert.deepEqual(set.inBytes(new Uint8Array()), new Set());
  });

  test('an anchor is found at every offset of buffers of every length around the split between the two cursors', () => {
    // The search runs one cursor per half of the buffer: an anchor across the middle, or a skip from the
    // first half into the second, is where it could go wrong. Exhaustive over offsets for short buffers.
    for (const anchors of [ANCHORS, new RuleGates(RULES).anchors.anchors]) {
      const exhaustive = new AnchorSet(anchors);
      for (const anchor of exhaustive.anchors) {
        for (let length = anchor.length; length <= anchor.length + 40; length++) {
          for (let at = 0; at + anchor.length <= length; at++) {
            const text = '.'.repeat(at) + anchor + '.'.repeat(length - at - anchor.length);
            assert.deepEqual(exhaustive.inBytes(Buffer.from(text)), naive(exhaustive.anchors, text), `${anchor} at ${at} of ${length}`);
          }
        }
      }
    }
  });

  test('anchors in both halves of a buffer are all found, the same anchor twice is one hit', () => {
    const text = `cosign${'x'.repeat(101)}COSIGN${'y'.repeat(57)}cosign`;
    assert.deepEqual(set.inBytes(Buffer.from(text)), new Set([set.anchors.indexOf('cosign'), set.anchors.indexOf('COSIGN')]));
  });

  test('multi-byte UTF-8 around an anchor does not hide it', () => {
    assert.ok(set.inBytes(Buffer.from('é€😀cosign😀')).has(set.anchors.indexOf('cosign')));
  });

  test('rejects anchors that are not printable ASCII (they could not be matched in bytes and text alike)', () => {
    assert.throws(() => new AnchorSet(['café']), /printable ASCII/);
  });
});

describe('RuleGates', () => {
  const always = testRule('KW900', undefined, () => true);
  const byAnchor = testRule('KW901', { anchors: ['cosign'] }, () => true);
  const byPath = testRule('KW902', { path: (p) => p.endsWith('.yml') }, () => true);
  const binary = testRule('KW903', { binary: true }, () => true);
  const gates = new RuleGates([always, byAnchor, byPath, binary]);
  const ids = (rules: readonly Rule[]) => rules.map((r) => r.meta.id);

  test('a rule runs when its anchor is present, its path matches, or (binary rules) the file is binary; ungated rules always', () => {
    const cosign = gates.anchors.inText('cosign sign');
    assert.deepEqual(ids(gates.select({ path: 'a.sh', hits: cosign, binary: false })), ['KW900', 'KW901']);
    assert.deepEqual(ids(gates.select({ path: 'ci.yml', hits: new Set(), binary: false })), ['KW900', 'KW902']);
    assert.deepEqual(ids(gates.select({ path: 'a.bin', hits: new Set(), binary: true })), ['KW900', 'KW903']);
    assert.deepEqual(ids(gates.rejected({ path: 'a.txt', hits: new Set(), binary: false })), ['KW901', 'KW902', 'KW903']);
  });

  test('a path gate with `requires` admits a file at that path only when its text matches, and any such file before it is decoded', () => {
    const workflow = testRule('KW905', { path: (p) => p.endsWith('.yml'), requires: /id-token/ }, () => true);
    const required = new RuleGates([workflow]);
    const at = (text: string | undefined) => ids(required.select({ path: 'ci.yml', hits: new Set(), binary: false, text }));
    assert.deepEqual(at('permissions:\n  id-token: write\n'), ['KW905']);
    assert.deepEqual(at('permissions:\n  contents: read\n'), []);
    assert.deepEqual(at(undefined), ['KW905'], 'bytes not decoded yet: the file may concern the rule');
    assert.deepEqual(ids(required.select({ path: 'a.txt', hits: new Set(), binary: false, text: 'id-token' })), []);
  });

  test('admitsAny says whether select admits any rule, for the shipped rules and every kind of file', () => {
    const shipped = new RuleGates(RULES);
    const texts = ['', 'plain text', 'cosign sign --key k', '-----BEGIN EC PRIVATE KEY-----', '"kty": "EC"', 'uses: sigstore/cosign-installer@v3'];
    const paths = [
      'a.txt',
      '.github/workflows/ci.yml',
      '.gitlab-ci.yml',
      'package.json',
      'go.mod',
      'Dockerfile',
      'id_rsa',
      'k.p12',
      'policy.yaml',
      'x/.goreleaser.yml',
    ];
    let admitted = 0;
    for (const path of paths) {
      for (const text of texts) {
        for (const binary of [false, true]) {
          const input = { path, hits: binary ? new Set<number>() : shipped.anchors.inText(text), binary };
          const expected = shipped.select(input).length > 0;
          assert.equal(shipped.admitsAny(input), expected, `${path} ${JSON.stringify(text)} binary ${binary}`);
          if (expected) admitted++;
        }
      }
    }
    assert.ok(admitted > 0 && admitted < paths.length * texts.length * 2, 'both answers occur');
    // Test rules: an ungated rule admits everything; a path gate only its paths.
    assert.equal(gates.admitsAny({ path: 'a.txt', hits: new Set(), binary: false }), true);
    const pathOnly = new RuleGates([byAnchor, byPath]);
    assert.equal(pathOnly.admitsAny({ path: 'a.txt', hits: new Set(), binary: false }), false);
    assert.equal(pathOnly.admitsAny({ path: 'ci.yml', hits: new Set(), binary: false }), true);
    assert.equal(pathOnly.admitsAny({ path: 'a.sh', hits: pathOnly.anchors.inText('cosign'), binary: false }), true);
  });

  test('every shipped rule has a gate (an ungated rule would decode every file of every workspace)', () => {
    for (const rule of RULES) assert.ok(rule.gate && (rule.gate.anchors?.length || rule.gate.path || rule.gate.binary), `${rule.meta.id} has no gate`);
  });
});

describe('rule-gate audit', () => {
  test('the unit-test runner turns the audit on', () => {
    assert.equal(process.env['KEYWARD_AUDIT_RULE_GATES'], '1', 'run the unit tests with scripts/run-unit-tests.mjs');
  });

  test('a gate that turns away a file its rule reports on is an error', () => {
    const wrong = testRule('KW904', { anchors: ['never-present'] }, (text) => text?.includes('cosign') ?? false);
    const previous = auditRuleGates(true);
    try {
      assert.throws(() => scanFile({ path: 'a.sh', text: 'cosign sign x', committed: undefined }, { rules: [wrong] }), /KW904's gate turned away a\.sh/);
      assert.throws(
        () => scanFileBytes({ path: 'a.sh', bytes: Buffer.from('cosign sign x'), complete: true, committed: undefined }, { rules: [wrong] }),
        /KW904/,
      );
      auditRuleGates(false);
      assert.deepEqual(scanFile({ path: 'a.sh', text: 'cosign sign x', committed: undefined }, { rules: [wrong] }), []);
    } finally {
      auditRuleGates(previous);
    }
  });
});

describe('scanFileBytes', () => {
  test('finds what scanFile finds on the decoded text, for UTF-8, UTF-8 with BOM and UTF-16', () => {
    const key = generatePemKey('ec-pkcs8').text;
    const text = `# deploy\nexport COSIGN_PASSWORD=hunter2\ncosign sign --key cosign.key img@sha256:${'a'.repeat(64)}\n${key}`;
    const expected = scanFile({ path: 'deploy.sh', text, committed: true });
    assert.ok(expected.some((f) => f.ruleId === 'KW101') && expected.some((f) => f.ruleId === 'KW203'));
    const encodings = [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ];
    for (const bytes of encodings) {
      const { findings, binary } = scanFileBytes({ path: 'deploy.sh', bytes, complete: true, committed: true });
      assert.equal(binary, false);
      assert.deepEqual(findings, expected);
    }
  });

  test('a file without any anchor is reported clean without decoding; binaries are flagged binary', () => {
    assert.deepEqual(scanFileBytes({ path: 'a.js', bytes: Buffer.from('const a = 1;\n'.repeat(1000)), complete: true, committed: true }), {
      findings: [],
      binary: false,
    });
    assert.deepEqual(scanFileBytes({ path: 'a.bin', bytes: Buffer.from([1, 0, 2, 3]), complete: true, committed: true }), { findings: [], binary: true });
  });
});

describe('KEYSTORE_BASE64_ANCHORS', () => {
  test('every base64 PKCS#12 start (any DER length form, version 3) contains one', () => {
    const lengthForms = fc.integer({ min: 0, max: 4 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((length) => ({ n, length })));
    checkProperty(
      fc.property(lengthForms, fc.uint8Array({ minLength: 40, maxLength: 80 }), ({ n, length }, rest) => {
        const der = Buffer.concat([Buffer.from([0x30, 0x80 | n]), Buffer.from(length), Buffer.from([0x02, 0x01, 0x03, 0x30]), Buffer.from(rest)]);
        const token = der.toString('base64');
        assert.ok(
          KEYSTORE_BASE64_ANCHORS.some((anchor) => token.includes(anchor)),
          `no anchor in a ${n}-byte-length PKCS#12 start`,
        );
      }),
    );
  });
});
