import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { yamlBindings } from '../../../../src/engine/shell/env-bindings';
import { parseJsonRanges } from '../../../../src/engine/shell/extract/json-ranges';
import { parseYaml, yamlShellSegments } from '../../../../src/engine/shell/extract/yaml';
import { detectShellHost } from '../../../../src/engine/shell/hosts';
import { assertLinearWork, fill } from '../../../helpers/work-count';
import { buildShellView, type ShellView } from '../../../../src/engine/shell/view';

const isSigstore = (name: string): boolean => /^(COSIGN|SIGSTORE)_/.test(name);
const view = (path: string, text: string): ShellView => buildShellView(path, text, isSigstore);

/** argv of every cosign command, and the original text under each argument. */
function cosignCalls(path: string, text: string): { argv: string[]; original: string[]; documentation: boolean }[] {
  const v = view(path, text);
  return v.invocations
    .filter((i) => /cosign/.test(i.invocation.argv[0]?.value ?? ''))
    .map(({ segment, invocation }) => ({
      argv: invocation.argv.map((w) => w.value),
      original: invocation.argv.map((w) => {
        const r = segment.source.toOriginal({ start: w.start, end: w.end });
        return text.slice(r.start, r.end);
      }),
      documentation: segment.documentation,
    }));
}

test('hosts are recognised by path and shebang', () => {
  const cases: [string, string, string | undefined][] = [
    ['scripts/sign.sh', '', 'shell-script'],
    ['bin/release', '#!/usr/bin/env bash\n', 'shell-script'],
    ['bin/tool', '#!/usr/bin/python3\n', undefined],
    ['Makefile', '', 'makefile'],
    ['build/rules.mk', '', 'makefile'],
    ['Dockerfile', '', 'dockerfile'],
    ['images/Dockerfile.release', '', 'dockerfile'],
    ['app.dockerfile', '', 'dockerfile'],
    ['justfile', '', 'justfile'],
    ['Taskfile.yml', '', 'taskfile'],
    ['package.json', '', 'package-json'],
    ['.github/workflows/release.yml', '', 'github-actions'],
    ['action.yml', '', 'github-actions'],
    ['.gitlab-ci.yml', '', 'gitlab-ci'],
    ['ci/sign.gitlab-ci.yml', '', 'gitlab-ci'],
    ['tekton/task.yaml', 'apiVersion: tekton.dev/v1\nkind: Task\n', 'tekton'],
    ['argo/wf.yaml', 'apiVersion: argoproj.io/v1alpha1\n', 'argo'],
    ['deploy/values.yaml', '', 'yaml'],
    ['docs/README.md', '', 'markdown'],
    ['.env', '', 'env-file'],
    ['config/prod.env', '', 'env-file'],
    ['src/main.ts', '', undefined],
  ];
  for (const [path, text, host] of cases) assert.equal(detectShellHost(path, text)?.host, host, path);
  assert.equal(detectShellHost('.env.example', '')?.documentation, true);
  assert.equal(detectShellHost('.env', '')?.documentation, false);
});

test('Makefile: recipe prefixes dropped, $$ decoded, continuations kept, $(VAR) left as an expansion', () => {
  const text =
    'KEY ?= cosign.key\nsign: build ; cosign sign --key $(KEY) $$IMAGE\nverify:\n\t@-cosign verify \\\n\t  --key "$$PUB" \\\n\t  $(IMAGE)\n\n# comment\n\techo after-comment-still-recipe\nother = 1\n\tcosign not-a-recipe\n';
  const calls = cosignCalls('Makefile', text);
  assert.deepEqual(
    calls.map((c) => c.argv),
    [
      ['cosign', 'sign', '--key', '$(KEY)', '$IMAGE'],
      ['cosign', 'verify', '--key', '$PUB', '$(IMAGE)'],
    ],
  );
  assert.deepEqual(calls[0]?.original, ['cosign', 'sign', '--key', '$(KEY)', '$$IMAGE']);
  assert.deepEqual(calls[1]?.original.slice(2), ['--key', '"$$PUB"', '$(IMAGE)']);
  assert.ok(
    view('Makefile', text).invocations.some((i) => i.invocation.argv[0]?.value === 'echo'),
    'comment lines do not end a recipe',
  );
});

test('Dockerfile: RUN shell form over continuations (comment lines dropped), exec form, here-documents', () => {
  const text = [
    'FROM alpine',
    'RUN --mount=type=secret,id=k apk add cosign && \\',
    '    # verify the base',
    '    cosign verify \\',
    '      --key /run/secrets/k img',
    'RUN ["cosign", "verify", "--key", "k.pub", "img"]',
    'RUN <<EOF',
    'cosign sign --key k img',
    'EOF',
    'CMD ["cosign", "version"]',
    '',
  ].join('\n');
  const calls = cosignCalls('Dockerfile', text);
  assert.deepEqual(
    calls.map((c) => c.argv),
    [
      ['cosign', 'verify', '--key', '/run/secrets/k', 'img'],
      ['cosign', 'verify', '--key', 'k.pub', 'img'],
      ['cosign', 'sign', '--key', 'k', 'img'],
    ],
  );
  assert.deepEqual(calls[1]?.original, ['"cosign"', '"verify"', '"--key"', '"k.pub"', '"img"']);
  const segments = view('Dockerfile', text).segments;
  assert.equal(segments.find((s) => s.syntax === 'json-argv')?.argv?.length, 5);
});

test('Dockerfile ENV and ARG: key=value pairs and the legacy `ENV NAME value` form', () => {
  const text = 'ENV COSIGN_EXPERIMENTAL=1 OTHER="a b"\nENV COSIGN_PASSWORD legacy value here\nARG COSIGN_YES=true\n';
  const bindings = view('Dockerfile', text).bindings;
  assert.deepEqual(
    bindings.map((b) => [b.name, b.value]),
    [
      ['COSIGN_EXPERIMENTAL', '1'],
      ['COSIGN_PASSWORD', 'legacy value here'],
      ['COSIGN_YES', 'true'],
    ],
  );
  assert.equal(text.slice(bindings[1]?.valueRange.start, bindings[1]?.valueRange.end), 'legacy value here');
});

test('justfile: recipe lines with prefixes and {{ }} interpolation, shebang recipes, variables', () => {
  const text =
    'export COSIGN_PASSWORD := "pw"\nimage := "ghcr.io/acme/app"\n\nsign target:\n    @cosign sign --key {{ key }} {{image}}\n    -echo signed\n\nscript:\n    #!/usr/bin/env bash\n    cosign verify img\n\npy:\n    #!/usr/bin/env python3\n    print("cosign sign --key x")\n';
  const calls = cosignCalls('justfile', text);
  assert.deepEqual(
    calls.map((c) => c.argv),
    [
      ['cosign', 'sign', '--key', '{{ key }}', '{{image}}'],
      ['cosign', 'verify', 'img'],
    ],
  );
  const bindings = view('justfile', text).bindings;
  assert.deepEqual(
    bindings.map((b) => [b.name, b.value, b.literal]),
    [['COSIGN_PASSWORD', 'pw', true]],
  );
});

test('package.json: npm scripts with JSON escapes, mapped back to the escaped source', () => {
  const text =
    '{\n  "name": "x",\n  "scripts": {\n    "sign": "cross-env COSIGN_YES=1 cosign sign --key \\"cosign.key\\" $IMAGE",\n    "other": "echo \\u0063osign"\n  }\n}\n';
  const calls = cosignCalls('package.json', text);
  assert.deepEqual(calls[0]?.argv, ['cosign', 'sign', '--key', 'cosign.key', '$IMAGE']);
  assert.equal(calls[0]?.original[3], '\\"cosign.key\\"');
  assert.deepEqual(
    view('package.json', text).bindings.map((b) => b.name),
    ['COSIGN_YES'],
  );
  assert.deepEqual(cosignCalls('package.json', '{"scripts": '), [], 'invalid JSON: nothing');
});

test('Markdown: shell fences are documentation; console prompts stripped, output skipped', () => {
  const text = [
    '# Release',
    '```bash',
    'cosign verify --key cosign.pub img',
    '```',
    '```console',
    '$ cosign verify-blob \\',
    '>   --bundle b.json f',
    'Verified OK',
    '$ echo "cosign sign looks like output"',
    '```',
    '   ~~~sh',
    '   cosign sign img',
    '   ~~~',
    '```python',
    'cosign sign --key k img',
    '```',
  ].join('\n');
  const calls = cosignCalls('README.md', text);
  assert.deepEqual(
    calls.map((c) => c.argv),
    [
      ['cosign', 'verify', '--key', 'cosign.pub', 'img'],
      ['cosign', 'verify-blob', '--bundle', 'b.json', 'f'],
      ['cosign', 'sign', 'img'],
    ],
  );
  assert.ok(calls.every((c) => c.documentation));
});

test('YAML carriers: Actions run, GitLab script lists, Taskfile cmds, Tekton script, Argo source, container command/args', () => {
  const workflow =
    'jobs:\n  a:\n    steps:\n      - run: |\n          # comment\n          cosign sign --yes "${{ env.IMAGE }}"\n      - run: cosign verify x\n';
  assert.deepEqual(
    cosignCalls('.github/workflows/r.yml', workflow).map((c) => c.argv),
    [
      ['cosign', 'sign', '--yes', '${{ env.IMAGE }}'],
      ['cosign', 'verify', 'x'],
    ],
  );
  const gitlab =
    'sign:\n  before_script: [cosign version]\n  script:\n    - cosign sign $IMAGE\n    - - cosign verify $IMAGE\n  after_script: cosign tree $IMAGE\n';
  assert.deepEqual(
    cosignCalls('.gitlab-ci.yml', gitlab).map((c) => c.argv[1]),
    ['version', 'sign', 'verify', 'tree'],
  );
  const taskfile = 'tasks:\n  sign:\n    cmds:\n      - cosign sign {{.IMAGE}}\n      - cmd: cosign verify {{.IMAGE | quote}}\n';
  assert.deepEqual(
    cosignCalls('Taskfile.yml', taskfile).map((c) => c.argv),
    [
      ['cosign', 'sign', '{{.IMAGE}}'],
      ['cosign', 'verify', '{{.IMAGE | quote}}'],
    ],
  );
  const tekton =
    'apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: sign\n      script: |\n        #!/bin/sh\n        cosign sign $(params.image)\n';
  assert.deepEqual(
    cosignCalls('task.yaml', tekton).map((c) => c.argv),
    [['cosign', 'sign', '$(params.image)']],
  );
  const argo =
    'apiVersion: argoproj.io/v1alpha1\nspec:\n  templates:\n    - script:\n        image: cosign\n        command: [sh]\n        source: |\n          cosign verify img\n';
  assert.deepEqual(
    cosignCalls('wf.yaml', argo).map((c) => c.argv),
    [['cosign', 'verify', 'img']],
  );
  const pod =
    'containers:\n  - command: ["/bin/sh", "-c"]\n    args: ["cosign verify --key k img"]\n  - command: [cosign]\n    args: [verify, --insecure-ignore-tlog, img]\n';
  assert.deepEqual(
    cosignCalls('pod.yaml', pod).map((c) => c.argv),
    [
      ['cosign', 'verify', '--key', 'k', 'img'],
      ['cosign', 'verify', '--insecure-ignore-tlog', 'img'],
    ],
  );
});

test('scripts given to `sh -c` are parsed in place', () => {
  const calls = cosignCalls('run.sh', `bash -c 'cosign verify --key k img' && sh -ec "cosign sign $IMG"`);
  assert.deepEqual(
    calls.map((c) => c.argv),
    [
      ['cosign', 'verify', '--key', 'k', 'img'],
      ['cosign', 'sign', '$IMG'],
    ],
  );
  assert.deepEqual(
    cosignCalls('Dockerfile', 'RUN ["sh", "-c", "cosign verify --key k img"]\n').map((c) => c.argv),
    [['cosign', 'verify', '--key', 'k', 'img']],
  );
});

test('the JSON range reader returns exact string ranges and rejects invalid JSON', () => {
  const text = '{"a": ["x", {"b": "y\\"z"}], "n": -1.5e3, "t": true}';
  const root = parseJsonRanges(text);
  assert.equal(root?.type, 'object');
  if (root?.type !== 'object') return;
  const inner = root.entries[0]?.value;
  assert.equal(inner?.type, 'array');
  if (inner?.type !== 'array') return;
  const first = inner.items[0];
  assert.equal(text.slice(first?.start, first?.end), '"x"');
  for (const bad of ['{', '{"a" 1}', '[1,]', '{"a":1,}', '"unterminated', '{"a":1} x', '[1 2]']) assert.equal(parseJsonRanges(bad), undefined, bad);
});

const extractorInputs: [string, (size: number) => string][] = [
  ['Makefile', (size) => `all:\n${fill('\t$$$$(cosign) \\\n', size)}`],
  ['Dockerfile', (size) => `RUN cosign \\\n${fill('  # c \\\n', size)}`],
  ['Dockerfile', (size) => `RUN [${fill('"cosign", ', size)}"x"]\n`],
  ['justfile', (size) => `a:\n${fill('    cosign sign {{x}} \\\n', size)}`],
  ['package.json', (size) => `{"scripts": {"a": "${fill('cosign \\"x\\" ', size)}"}}`],
  ['package.json', (size) => `${fill('[', size / 2)}${fill(']', size / 2)}`],
  ['README.md', (size) => fill('```sh\ncosign verify x\n```\n', size)],
  ['README.md', (size) => `\`\`\`console\n${fill('$ cosign \\\n', size)}`],
  ['.github/workflows/x.yml', (size) => `jobs:\n  a:\n    steps:\n      - run: |\n${fill('          cosign verify "x" \\\n', size)}`],
  ['.gitlab-ci.yml', (size) => `a:\n  script:\n    - |\n${fill('      cosign sign $X \\\n', size)}`],
  ['x.sh', (size) => fill('COSIGN_PASSWORD=x cosign sign --key k "$(cosign x)"\n', size)],
];

for (const [path, input] of extractorInputs) {
  test(`linear work per extractor: ${path}, ${JSON.stringify(input(32))}`, () => assertLinearWork(path, input, (text) => view(path, text)));
}

test('linear work: thousands of small YAML scalars (extraction only; the `yaml` parser runs outside the count)', () => {
  const input = (size: number): { text: string; docs: ReturnType<typeof parseYaml> } => {
    const text = `jobs:\n  a:\n    steps:\n${fill('      - run: cosign verify "x"\n', size)}`;
    return { text, docs: parseYaml(text) };
  };
  assertLinearWork('YAML extraction', input, ({ text, docs }) => {
    yamlShellSegments(text, 'github-actions', docs);
    yamlBindings(text, docs, 'github-actions', false, isSigstore);
  });
});
