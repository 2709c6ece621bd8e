import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { effectiveFlag, type CosignCommand } from '../../../../src/engine/cosign/command';
import { flagEnvName, parseBool } from '../../../../src/engine/cosign/flags';
import { classifyKeyRef } from '../../../../src/engine/cosign/key-ref';
import { isOff, isOn } from '../../../../src/engine/cosign/occurrences';
import { buildCosignView } from '../../../../src/engine/cosign/view';

const commands = (path: string, text: string): readonly CosignCommand[] => buildCosignView(path, text).commands;
const one = (text: string, path = 'a.sh'): CosignCommand => {
  const found = commands(path, text);
  assert.equal(found.length, 1, text);
  return found[0] as CosignCommand;
};
const flags = (command: CosignCommand): [string, string | undefined][] => command.flags.map((f) => [f.name, f.value]);

test('flags are normalised: --flag=value, --flag value, shorthands, booleans that take no value', () => {
  const command = one('cosign sign -y --key=cosign.key -a foo=bar --recursive ghcr.io/acme/app@sha256:abc --tlog-upload=false');
  assert.equal(command.subcommand, 'sign');
  assert.deepEqual(flags(command), [
    ['yes', undefined],
    ['key', 'cosign.key'],
    ['annotations', 'foo=bar'],
    ['recursive', undefined],
    ['tlog-upload', 'false'],
  ]);
  assert.deepEqual(
    command.positionals.map((w) => w.value),
    ['ghcr.io/acme/app@sha256:abc'],
  );
  assert.deepEqual(flags(one('cosign verify -k k.pub img')), [['key', 'k.pub']]);
});

test('a boolean flag never swallows the next word; an unknown flag takes it', () => {
  const command = one('cosign verify --insecure-ignore-tlog img --unknown-flag value other');
  assert.deepEqual(
    command.positionals.map((w) => w.value),
    ['img', 'other'],
  );
  assert.deepEqual(flags(command), [
    ['insecure-ignore-tlog', undefined],
    ['unknown-flag', 'value'],
  ]);
});

test('flag and value ranges point into the original file, through carriers', () => {
  const text = 'jobs:\n  a:\n    steps:\n      - run: >-\n          cosign verify\n          --key "k.pub" img\n';
  const command = one(text, '.github/workflows/x.yml');
  const key = command.flags[0];
  assert.equal(text.slice(key?.range.start, key?.range.end), '--key "k.pub"');
  assert.equal(text.slice(key?.valueRange?.start, key?.valueRange?.end), '"k.pub"');
  assert.equal(text.slice(command.headRange.start, command.headRange.end), 'cosign verify');
  const eq = one('cosign verify --certificate-identity-regexp="^x$" img');
  assert.equal(eq.flags[0]?.value, '^x$');
});

test('subcommands: global flags first, nested subcommands, `--` ends flags, unknown subcommands ignored', () => {
  assert.equal(one('cosign -d --timeout 5m verify-blob --bundle b f').subcommand, 'verify-blob');
  assert.equal(one('cosign dockerfile verify --key k Dockerfile').subcommand, 'dockerfile verify');
  assert.equal(one('cosign attach signature --payload p img').subcommand, 'attach signature');
  assert.deepEqual(
    one('cosign sign -- --not-a-flag').positionals.map((w) => w.value),
    ['--not-a-flag'],
  );
  assert.equal(commands('a.sh', 'cosign --help\ncosign').length, 0);
});

test('the program: paths, release binaries, images, go run, and variables named after cosign', () => {
  for (const text of [
    '/usr/local/bin/cosign verify x',
    './bin/cosign-linux-amd64 verify x',
    '"$(go env GOPATH)/bin/cosign" verify x',
    '$COSIGN verify x',
    '${COSIGN_BIN} verify x',
    'docker run --rm -v "$PWD:/w" gcr.io/projectsigstore/cosign:v2.4.1@sha256:abc verify x',
    'podman run cgr.dev/chainguard/cosign verify x',
    'go run github.com/sigstore/cosign/v2/cmd/cosign@latest verify x',
  ]) {
    assert.equal(one(text).subcommand, 'verify', text);
  }
  assert.equal(one('x:\n\t$(COSIGN) verify x\n', 'Makefile').subcommand, 'verify');
  for (const text of ['echo cosign verify x', 'cosignature verify x', '$COSIGN_PASSWORD verify x', 'docker run alpine cosign verify x']) {
    assert.equal(commands('a.sh', text).length, 0, text);
  }
});

test('arguments that may hold flags make the command opaque', () => {
  assert.equal(one('cosign verify $COSIGN_ARGS img').opaqueArguments, true);
  assert.equal(one('cosign verify "$@"').opaqueArguments, true);
  assert.equal(one('cosign verify "${VERIFY_FLAGS[@]}" img').opaqueArguments, true);
  assert.equal(one('steps:\n  - run: cosign verify ${{ inputs.extra-args }} img\n', '.github/workflows/x.yml').opaqueArguments, true);
  assert.equal(one('cosign verify $IMAGE').opaqueArguments, false);
  assert.equal(one('cosign verify "$IMAGE_REF"').opaqueArguments, false);
});

test('COSIGN_<FLAG> variables act as flags: prefixes, earlier exports, YAML env anywhere', () => {
  const command = one('COSIGN_INSECURE_IGNORE_TLOG=true cosign verify img');
  assert.equal(effectiveFlag(command, 'insecure-ignore-tlog')?.binding?.name, 'COSIGN_INSECURE_IGNORE_TLOG');
  assert.ok(isOn(effectiveFlag(command, 'insecure-ignore-tlog')));
  const [before] = commands('a.sh', 'cosign verify img\nexport COSIGN_CERTIFICATE_IDENTITY=x');
  assert.equal(effectiveFlag(before!, 'certificate-identity'), undefined, 'a later export does not apply');
  const [after] = commands('a.sh', 'export COSIGN_CERTIFICATE_IDENTITY=x\ncosign verify img');
  assert.equal(effectiveFlag(after!, 'certificate-identity')?.value, 'x');
  const yaml = 'jobs:\n  a:\n    steps:\n      - run: cosign verify img\n    env:\n      COSIGN_TLOG_UPLOAD: "false"\n';
  assert.ok(isOff(effectiveFlag(one(yaml, '.github/workflows/x.yml'), 'tlog-upload')));
  assert.equal(effectiveFlag(one('cosign verify --key=a COSIGN_KEY=b img'), 'key')?.value, 'a', 'the command line wins');
});

test('flag helpers: env names, pflag booleans, key references', () => {
  assert.equal(flagEnvName('insecure-ignore-tlog'), 'COSIGN_INSECURE_IGNORE_TLOG');
  assert.deepEqual(['1', 'true', 'T', '0', 'False', 'yes'].map(parseBool), [true, true, true, false, false, undefined]);
  assert.deepEqual(
    [
      'cosign.key',
      'env://COSIGN_PRIVATE_KEY',
      'k8s://ns/name',
      'gitlab://1234',
      'github://o/r',
      'awskms:///alias/x',
      'gcpkms://p',
      'azurekms://v',
      'hashivault://k',
      'pkcs11:token=t',
      'https://x/c.pub',
      '$KEY',
    ].map((v) => classifyKeyRef(v).kind),
    ['file', 'env', 'k8s', 'gitlab', 'github', 'kms', 'kms', 'kms', 'kms', 'pkcs11', 'url', 'unknown'],
  );
  assert.equal(classifyKeyRef('env://COSIGN_KEY').envName, 'COSIGN_KEY');
});

test('files that never mention cosign are not parsed at all', () => {
  const view = buildCosignView('big.sh', 'echo hello\n'.repeat(1000));
  assert.equal(view.commands.length, 0);
  assert.equal(view.shell.segments.length, 0);
});
