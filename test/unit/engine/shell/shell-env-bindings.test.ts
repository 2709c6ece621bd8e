import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../../../src/engine/shell/edits';
import type { EnvBinding } from '../../../../src/engine/shell/env-bindings';
import { buildShellView } from '../../../../src/engine/shell/view';

const bindings = (path: string, text: string): readonly EnvBinding[] => buildShellView(path, text, (n) => /^(COSIGN|SIGSTORE)_/.test(n)).bindings;
const summary = (path: string, text: string): [string, string | undefined, boolean, string][] =>
  bindings(path, text).map((b) => [b.name, b.value, b.literal, b.scope]);

function removed(path: string, text: string, name: string): string {
  const binding = bindings(path, text).find((b) => b.name === name);
  assert.ok(binding?.removal, `${name} has a removal edit`);
  return applyEdits(text, [binding.removal]);
}

test('shell: prefixes, export, lone assignments, env/sudo/docker -e, and references vs literals', () => {
  const text = [
    'export COSIGN_PASSWORD=literal OTHER=1',
    'COSIGN_EXPERIMENTAL=1',
    'COSIGN_YES=true cosign sign img',
    'env COSIGN_KEY=k.key cosign sign img',
    'docker run -e COSIGN_PASSWORD="$PW" -e COSIGN_REPOSITORY=r cosign sign img',
    'SIGSTORE_ID_TOKEN=$(cat /token)',
    'COSIGN_PASSWORD=""',
  ].join('\n');
  assert.deepEqual(summary('a.sh', text), [
    ['COSIGN_PASSWORD', 'literal', true, 'file'],
    ['COSIGN_EXPERIMENTAL', '1', true, 'file'],
    ['COSIGN_YES', 'true', true, 'command'],
    ['COSIGN_KEY', 'k.key', true, 'command'],
    ['COSIGN_PASSWORD', '$PW', false, 'command'],
    ['COSIGN_REPOSITORY', 'r', true, 'command'],
    ['SIGSTORE_ID_TOKEN', '$(cat /token)', false, 'file'],
    ['COSIGN_PASSWORD', '', true, 'file'],
  ]);
  const [first] = bindings('a.sh', text);
  assert.equal(text.slice(first?.nameRange.start, first?.nameRange.end), 'COSIGN_PASSWORD');
  assert.equal(text.slice(first?.valueRange.start, first?.valueRange.end), 'literal');
});

test('shell removals: a lone line goes whole, a prefix or one of several exports loses its word', () => {
  assert.equal(removed('a.sh', 'set -e\n  export COSIGN_EXPERIMENTAL=1 # old\necho\n', 'COSIGN_EXPERIMENTAL'), 'set -e\necho\n');
  assert.equal(removed('a.sh', 'export A=1 COSIGN_EXPERIMENTAL=1 B=2\n', 'COSIGN_EXPERIMENTAL'), 'export A=1 B=2\n');
  assert.equal(removed('a.sh', 'COSIGN_INSECURE_IGNORE_TLOG=1 cosign verify img\n', 'COSIGN_INSECURE_IGNORE_TLOG'), 'cosign verify img\n');
  assert.equal(bindings('a.sh', 'echo x; COSIGN_EXPERIMENTAL=1\n')[0]?.removal, undefined, 'not alone on its line: no removal');
});

test('.env files are read as assignments; .env.example is documentation', () => {
  assert.deepEqual(summary('.env', 'COSIGN_PASSWORD=s3cret\n# c\nOTHER=x\n'), [['COSIGN_PASSWORD', 's3cret', true, 'file']]);
  assert.equal(bindings('.env.example', 'COSIGN_PASSWORD=changeme\n')[0]?.documentation, true);
});

test('Dockerfile, Makefile and justfile variables', () => {
  assert.equal(removed('Dockerfile', 'FROM x\nENV COSIGN_EXPERIMENTAL=1\nRUN true\n', 'COSIGN_EXPERIMENTAL'), 'FROM x\nRUN true\n');
  assert.equal(removed('Dockerfile', 'ENV COSIGN_EXPERIMENTAL=1 A=2\n', 'COSIGN_EXPERIMENTAL'), 'ENV A=2\n');
  assert.deepEqual(summary('Makefile', 'export COSIGN_PASSWORD := pw\nCOSIGN_KEY ?= $(HOME)/k\n'), [
    ['COSIGN_PASSWORD', 'pw', true, 'file'],
    ['COSIGN_KEY', '$(HOME)/k', false, 'file'],
  ]);
  assert.deepEqual(summary('justfile', 'COSIGN_PASSWORD := env_var("PW")\nexport COSIGN_YES := "true"\n'), [
    ['COSIGN_PASSWORD', undefined, false, 'file'],
    ['COSIGN_YES', 'true', true, 'file'],
  ]);
});

test('YAML: env maps, Kubernetes name/value items and NAME=value list items', () => {
  const text = [
    'env:',
    '  COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}',
    '  COSIGN_EXPERIMENTAL: "1" # legacy',
    '  COSIGN_EMPTY:',
    'spec:',
    '  containers:',
    '    - env:',
    '        - name: COSIGN_PASSWORD',
    '          value: plain',
    '        - name: COSIGN_KEY',
    '          valueFrom: { secretKeyRef: { name: s, key: k } }',
    'builds:',
    '  - env:',
    '      - COSIGN_EXPERIMENTAL=1',
    '      - CGO_ENABLED=0',
    'variables:',
    '  SIGSTORE_ID_TOKEN: $CI_JOB_JWT',
    '',
  ].join('\n');
  assert.deepEqual(summary('x.yaml', text), [
    ['COSIGN_PASSWORD', '${{ secrets.COSIGN_PASSWORD }}', false, 'file'],
    ['COSIGN_EXPERIMENTAL', '1', true, 'file'],
    ['COSIGN_EMPTY', '', true, 'file'],
    ['COSIGN_PASSWORD', 'plain', true, 'file'],
    ['COSIGN_EXPERIMENTAL', '1', true, 'file'],
    ['SIGSTORE_ID_TOKEN', '$CI_JOB_JWT', false, 'file'],
  ]);
});

test('YAML removals delete whole entries, keep other comments, and the result parses', () => {
  const text = 'env:\n  # keep me\n  COSIGN_EXPERIMENTAL: "1" # legacy\n  OTHER: x\njobs: {}\n';
  const after = removed('w.yml', text, 'COSIGN_EXPERIMENTAL');
  assert.equal(after, 'env:\n  # keep me\n  OTHER: x\njobs: {}\n');
  assert.deepEqual(parseAllDocuments(after)[0]?.errors, []);
  const list = 'builds:\n  - env:\n      - COSIGN_EXPERIMENTAL=1\n      - CGO_ENABLED=0\n';
  assert.equal(removed('.goreleaser.yml', list, 'COSIGN_EXPERIMENTAL'), 'builds:\n  - env:\n      - CGO_ENABLED=0\n');
  const k8s = 'env:\n  - name: COSIGN_EXPERIMENTAL\n    value: "1"\n  - name: B\n    value: x\n';
  assert.equal(removed('pod.yaml', k8s, 'COSIGN_EXPERIMENTAL'), 'env:\n  - name: B\n    value: x\n');
  // The only entry of its map, or a flow map: no removal (an empty `env:` could change meaning).
  assert.equal(bindings('w.yml', 'env:\n  COSIGN_EXPERIMENTAL: "1"\n')[0]?.removal, undefined);
  assert.equal(bindings('w.yml', 'env: { COSIGN_EXPERIMENTAL: "1", B: 2 }\n')[0]?.removal, undefined);
});
