import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { commentSyntaxFor, inlineIgnoreEdit } from '../../../../src/engine/fixes/ignore-comment';
import type { Rule } from '../../../../src/engine/rules/rule';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { LineIndex } from '../../../../src/engine/text/line-index';
import type { Finding, TextEdit } from '../../../../src/engine/types';

/** A finding as the scanner would report it, over the first occurrence of `needle`. */
function findingAt(path: string, text: string, needle: string, ruleId = 'KW101'): Finding {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `needle ${needle} in text`);
  const lines = new LineIndex(text);
  const end = start + needle.length;
  return {
    ruleId,
    range: { start, end },
    message: 'test finding',
    carrier: 'text',
    identity: 'test',
    severity: 'error',
    path,
    startPosition: lines.positionAt(start),
    endPosition: lines.positionAt(end),
    committed: true,
    fingerprint: '0'.repeat(32),
  };
}

/** A test-only rule reporting every occurrence of a marker: proves the scanner honours the inserted comment. */
function markerRule(marker: string, id = 'KW101'): Rule {
  return {
    meta: { id, name: 'marker', title: 'marker', severity: 'error', threats: ['T5'], kind: 'key', summary: '', docs: '', fixes: [] },
    check(file) {
      const found = [];
      const text = file.text ?? '';
      for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1))
        found.push({ ruleId: id, range: { start: i, end: i + marker.length }, message: 'marker', carrier: 'text' as const, identity: String(i) });
      return found;
    },
  };
}

function apply(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'an edit');
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

const MARKER = 'SECRET-MARKER';

describe('commentSyntaxFor', () => {
  test('knows the comment syntax by file name and extension', () => {
    const hash = [
      'deploy.yaml',
      'ci.yml',
      'run.sh',
      'app.py',
      '.env',
      '.env.production',
      'prod.env',
      'Dockerfile',
      'Dockerfile.dev',
      'Makefile',
      'main.tf',
      'vars.tfvars',
      'x.hcl',
      'Cargo.toml',
      'dir/script.BASH',
    ];
    const slashes = ['a.ts', 'a.tsx', 'a.js', 'a.mjs', 'main.go', 'A.java', 'a.c', 'a.rs', 'a.json5', 'settings.jsonc', 'Jenkinsfile'];
    const markup = ['README.md', 'index.html', 'pom.xml'];
    for (const p of hash) assert.deepEqual(commentSyntaxFor(p), { prefix: '#', suffix: '' }, p);
    for (const p of slashes) assert.deepEqual(commentSyntaxFor(p), { prefix: '//', suffix: '' }, p);
    for (const p of markup) assert.deepEqual(commentSyntaxFor(p), { prefix: '<!--', suffix: '-->' }, p);
    for (const p of ['key.pem', 'cosign.key', 'package.json', 'store.p12', 'id_rsa', 'secrets/noext', '.bashrc', 'x.ppk'])
      assert.equal(commentSyntaxFor(p), undefined, p);
  });
});

describe('inlineIgnoreEdit', () => {
  test('YAML: a comment line above the value, at its indentation; the scanner then ignores it', () => {
    const text = `apiVersion: v1\nkind: Secret\ndata:\n  tls.key: ${MARKER}\n`;
    const finding = findingAt('k8s/secret.yaml', text, MARKER);
    const fixed = apply(text, inlineIgnoreEdit(text, finding, 'test fixture'));
    assert.equal(fixed, `apiVersion: v1\nkind: Secret\ndata:\n  # keyward-ignore KW101 reason: test fixture\n  tls.key: ${MARKER}\n`);
    assert.deepEqual(parseYaml(fixed), parseYaml(text));
    assert.equal(scanFile({ path: 'k8s/secret.yaml', text, committed: true }, { rules: [markerRule(MARKER)] }).length, 1);
    assert.equal(scanFile({ path: 'k8s/secret.yaml', text: fixed, committed: true }, { rules: [markerRule(MARKER)] }).length, 0);
  });

  test('YAML block scalar: the comment goes on the `key: |` line, never into the value', () => {
    const text = `stringData:\n  key.pem: |-\n    ${MARKER}\n    body\n`;
    const finding = findingAt('secret.yml', text, MARKER);
    const fixed = apply(text, inlineIgnoreEdit(text, finding, 'demo key'));
    assert.equal(fixed, `stringData:\n  key.pem: |- # keyward-ignore KW101 reason: demo key\n    ${MARKER}\n    body\n`);
    assert.deepEqual(parseYaml(fixed), parseYaml(text), 'the value is unchanged');
    assert.equal(scanFile({ path: 'secret.yml', text: fixed, committed: true }, { rules: [markerRule(MARKER)] }).length, 0);
  });

  test('TypeScript with CRLF: keeps CRLF and the indentation (spaces or tabs)', () => {
    const text = `function f() {\r\n    const key = "${MARKER}";\r\n\treturn "${MARKER}";\r\n}\r\n`;
    const first = apply(text, inlineIgnoreEdit(text, findingAt('src/a.ts', text, MARKER), 'fake key in a test'));
    assert.equal(
      first,
      `function f() {\r\n    // keyward-ignore KW101 reason: fake key in a test\r\n    const key = "${MARKER}";\r\n\treturn "${MARKER}";\r\n}\r\n`,
    );
    const secondStart = first.lastIndexOf(MARKER);
    const second = findingAt(
      'src/a.ts',
      first.slice(0, secondStart) + 'X'.repeat(MARKER.length) + first.slice(secondStart + MARKER.length),
      'X'.repeat(MARKER.length),
    );
    const both = apply(first, inlineIgnoreEdit(first, second, 'also fake'));
    assert.ok(both.includes('\r\n\t// keyward-ignore KW101 reason: also fake\r\n\treturn'));
    assert.ok(!/[^\r]\n/.test(both), 'no bare LF');
  });

  test('a string that starts its own line (quote first) is code: the comment goes above', () => {
    const text = `const key =\n  '${MARKER}';\n`;
    const fixed = apply(text, inlineIgnoreEdit(text, findingAt('a.js', text, `'${MARKER}`), 'test'));
    assert.equal(fixed, `const key =\n  // keyward-ignore KW101 reason: test\n  '${MARKER}';\n`);
  });

  test('Markdown and HTML: a closed comment; the reason cannot close it early', () => {
    const text = `# Docs\n\nThe key is ${MARKER} here.\n`;
    const fixed = apply(text, inlineIgnoreEdit(text, findingAt('README.md', text, MARKER), 'example --> not real'));
    assert.equal(fixed, `# Docs\n\n<!-- keyward-ignore KW101 reason: example not real -->\nThe key is ${MARKER} here.\n`);
  });

  test('no edit where the comment would land inside the value: heredocs, multi-line strings, PEM files, JSON', () => {
    const heredoc = `resource "x" "y" {\n  private_key = <<EOF\n${MARKER}\nEOF\n}\n`;
    assert.equal(inlineIgnoreEdit(heredoc, findingAt('main.tf', heredoc, MARKER), 'r'), undefined);
    const python = `KEY = """\n${MARKER}\n"""\n`;
    assert.equal(inlineIgnoreEdit(python, findingAt('app.py', python, MARKER), 'r'), undefined);
    const template = `const k = \`\n  ${MARKER}\n\`;\n`;
    assert.equal(inlineIgnoreEdit(template, findingAt('a.ts', template, MARKER), 'r'), undefined);
    const pem = `${MARKER}\n`;
    assert.equal(inlineIgnoreEdit(pem, findingAt('key.pem', pem, MARKER), 'r'), undefined);
    const json = `{"key": "${MARKER}"}`;
    assert.equal(inlineIgnoreEdit(json, findingAt('a.json', json, MARKER), 'r'), undefined);
  });

  test('idempotent: once suppressed, no further edit', () => {
    const text = `x:\n  y: ${MARKER}\n`;
    const finding = findingAt('a.yaml', text, MARKER);
    const once = apply(text, inlineIgnoreEdit(text, finding, 'ok'));
    assert.equal(inlineIgnoreEdit(once, findingAt('a.yaml', once, MARKER), 'ok'), undefined);
  });

  test('an existing keyward-ignore comment for another rule gains this rule id', () => {
    const text = `x:\n  # keyward-ignore KW100 reason: reviewed\n  y: ${MARKER}\n`;
    const finding = findingAt('a.yaml', text, MARKER, 'KW101');
    const fixed = apply(text, inlineIgnoreEdit(text, finding, 'ignored, reason kept'));
    assert.equal(fixed, `x:\n  # keyward-ignore KW100, KW101 reason: reviewed\n  y: ${MARKER}\n`);
    assert.equal(scanFile({ path: 'a.yaml', text: fixed, committed: true }, { rules: [markerRule(MARKER, 'KW100'), markerRule(MARKER, 'KW101')] }).length, 0);
  });

  test('a reason is required and written on one line', () => {
    const text = `a: ${MARKER}\n`;
    const finding = findingAt('a.yaml', text, MARKER);
    assert.throws(() => inlineIgnoreEdit(text, finding, '  \n '), RangeError);
    assert.equal(inlineIgnoreEdit(text, finding, 'line one\nline two')?.newText, '# keyward-ignore KW101 reason: line one line two\n');
  });
});
