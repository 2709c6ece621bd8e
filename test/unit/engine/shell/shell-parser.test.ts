import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { resolveInvocation } from '../../../../src/engine/shell/invocation';
import { parseShell } from '../../../../src/engine/shell/parser';

const argvs = (text: string): string[][] => parseShell(text).map((c) => resolveInvocation(c).argv.map((w) => w.value));

test('control structures are flattened into their simple commands', () => {
  const text =
    'if cosign verify img; then\n  echo ok\nelif ! cosign verify other; then exit 1; fi\nfor x in a b; do cosign sign "$x"; done\nwhile true; do break; done';
  assert.deepEqual(argvs(text), [
    ['cosign', 'verify', 'img'],
    ['echo', 'ok'],
    ['cosign', 'verify', 'other'],
    ['exit', '1'],
    ['cosign', 'sign', '$x'],
    ['true'],
    ['break'],
  ]);
});

test('commands inside $(…) and backticks follow the command that contains them, one level deeper', () => {
  const commands = parseShell('SIG=$(cosign sign-blob --key k f) && echo `cosign version`');
  assert.deepEqual(
    commands.map((c) => [
      c.depth,
      resolveInvocation(c)
        .argv.map((w) => w.value)
        .join(' '),
    ]),
    [
      [0, ''],
      [1, 'cosign sign-blob --key k f'],
      [0, 'echo `cosign version`'],
      [1, 'cosign version'],
    ],
  );
  assert.equal(commands[0]?.assignments[0]?.assignment?.name, 'SIG');
});

test('pipeline stages remember the operator before them', () => {
  const commands = parseShell('echo "$K" | base64 -d > key; cat key');
  assert.deepEqual(
    commands.map((c) => c.after),
    [undefined, '|', ';'],
  );
  assert.equal(commands[1]?.redirects[0]?.target?.value, 'key');
});

test("prefix assignments are the command's environment; a lone assignment sets a variable", () => {
  const [prefixed, lone] = parseShell('COSIGN_PASSWORD=x COSIGN_YES=1 cosign sign img\nCOSIGN_EXPERIMENTAL=1');
  const invocation = resolveInvocation(prefixed!);
  assert.deepEqual(
    invocation.env.map((w) => w.assignment?.name),
    ['COSIGN_PASSWORD', 'COSIGN_YES'],
  );
  assert.deepEqual(
    invocation.argv.map((w) => w.value),
    ['cosign', 'sign', 'img'],
  );
  assert.deepEqual(resolveInvocation(lone!).argv, []);
  assert.equal(lone?.assignments[0]?.assignment?.name, 'COSIGN_EXPERIMENTAL');
});

test('export, declare -x, readonly and local declare variables', () => {
  for (const text of ['export COSIGN_PASSWORD=x OTHER', 'declare -x COSIGN_PASSWORD=x', 'readonly COSIGN_PASSWORD=x', 'local COSIGN_PASSWORD=x']) {
    const invocation = resolveInvocation(parseShell(text)[0]!);
    assert.deepEqual(
      invocation.declared.map((w) => w.assignment?.name),
      ['COSIGN_PASSWORD'],
      text,
    );
  }
});

test('wrappers are peeled off and their environment collected', () => {
  const cases: [string, string[], string[]][] = [
    ['sudo -E -u root COSIGN_PASSWORD=x cosign sign img', ['cosign', 'sign', 'img'], ['COSIGN_PASSWORD']],
    ['env -i COSIGN_YES=1 cosign sign img', ['cosign', 'sign', 'img'], ['COSIGN_YES']],
    ['cross-env COSIGN_PASSWORD=x cosign sign img', ['cosign', 'sign', 'img'], ['COSIGN_PASSWORD']],
    ['timeout -s KILL 5m nice -n 10 nohup cosign verify img', ['cosign', 'verify', 'img'], []],
    ['exec command cosign version', ['cosign', 'version'], []],
    [
      'docker run --rm -e COSIGN_PASSWORD=x -v "$PWD:/w" -w /w gcr.io/projectsigstore/cosign:v2.4.1 sign img',
      ['gcr.io/projectsigstore/cosign:v2.4.1', 'sign', 'img'],
      ['COSIGN_PASSWORD'],
    ],
    ['go run -mod=mod github.com/sigstore/cosign/v2/cmd/cosign@v2.4.1 verify img', ['github.com/sigstore/cosign/v2/cmd/cosign@v2.4.1', 'verify', 'img'], []],
  ];
  for (const [text, argv, env] of cases) {
    const invocation = resolveInvocation(parseShell(text)[0]!);
    assert.deepEqual(
      invocation.argv.map((w) => w.value),
      argv,
      text,
    );
    assert.deepEqual(
      invocation.env.map((w) => w.assignment?.name),
      env,
      text,
    );
  }
  assert.equal(resolveInvocation(parseShell('docker run img cosign')[0]!).container, true);
  assert.deepEqual(resolveInvocation(parseShell('command -v cosign')[0]!).argv, [], '`command -v` runs nothing');
});

test('for/case headers and closing keywords are not commands', () => {
  const inCase = argvs('case "$1" in\n  sign) cosign sign img ;;\nesac');
  assert.ok(inCase.some((a) => a.join(' ') === 'cosign sign img'));
  assert.ok(!inCase.some((a) => a[0] === 'case' || a[0] === 'esac'));
  assert.ok(!argvs('for f in *.tgz; do :; done').some((a) => a[0] === 'for' || a[0] === 'done'));
});
