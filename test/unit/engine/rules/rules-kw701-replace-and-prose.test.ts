import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { vulnerableSigstoreClient } from '../../../../src/engine/rules/kw701-vulnerable-sigstore-client';
import { applyEdits } from '../../../../src/engine/shell/edits';
import { covered, fixOf, scan } from '../../../helpers/cosign-rule-harness';

const rule = vulnerableSigstoreClient;

/** `line:covered text` of each finding. */
function pins(path: string, text: string): string[] {
  return scan(rule, path, text).map((f) => `${f.startPosition.line + 1}:${covered(text, f)}`);
}

test('KW701 go.mod: a replace directive decides the version that is built', () => {
  const gomod = [
    'module example.com/x',
    'require (',
    '\tgithub.com/sigstore/cosign/v2 v2.0.0',
    '\tgithub.com/sigstore/rekor v1.0.0',
    '\tgithub.com/sigstore/sigstore v1.9.5',
    '\tgithub.com/sigstore/fulcio v1.0.0',
    '\tgithub.com/sigstore/sigstore-go v1.0.0',
    ')',
    'replace github.com/sigstore/cosign/v2 => ../cosign',
    'replace github.com/sigstore/rekor v1.0.0 => github.com/sigstore/rekor v1.5.4',
    'replace (',
    '\tgithub.com/sigstore/sigstore => github.com/sigstore/sigstore v1.0.0',
    '\tgithub.com/sigstore/fulcio v0.9.0 => github.com/sigstore/fulcio v1.8.6',
    '\tgithub.com/sigstore/sigstore-go => github.com/acme/sigstore-go-fork v0.0.1',
    ')',
    '',
  ].join('\n');
  // cosign: local directory, skipped. rekor: replaced by a fixed version. sigstore: replaced by an OLDER
  // vulnerable version, reported on the replacement. fulcio: the replace names another required version, so
  // the requirement stands. sigstore-go: replaced by a fork, which cannot be judged.
  assert.deepEqual(pins('go.mod', gomod), ['6:v1.0.0', '12:v1.0.0']);
  const replaced = scan(rule, 'go.mod', gomod)[1];
  assert.match(replaced?.message ?? '', /required v1\.9\.5, replaced by v1\.0\.0/);
  // The fix edits the replacement, which is what the build uses.
  const fixed = applyEdits(gomod, fixOf(replaced!).edits);
  assert.match(fixed, /github\.com\/sigstore\/sigstore => github\.com\/sigstore\/sigstore v1\.\d+\.\d+/);
  assert.match(fixed, /\tgithub\.com\/sigstore\/sigstore v1\.9\.5/, 'the requirement line is left alone');
  // Without replace directives every vulnerable requirement is reported.
  assert.equal(pins('go.mod', gomod.split('replace')[0] as string).length, 5);
});

test('KW701 Markdown: versions in prose are not pins, versions in code blocks are', () => {
  const md = [
    '# Releasing',
    '',
    'Release tags are named like `v2.0.0`; binaries are published at',
    'https://github.com/sigstore/cosign/releases/download/v2.0.0/cosign-linux-amd64 for each platform.',
    'Set COSIGN_VERSION=v1.13.1 to pin an older cosign.',
    '',
    '```sh',
    'curl -LO https://github.com/sigstore/cosign/releases/download/v2.0.0/cosign-linux-amd64',
    '```',
    '',
    '~~~dockerfile',
    'FROM gcr.io/projectsigstore/cosign:v1.13.1',
    '~~~',
  ].join('\n');
  assert.deepEqual(pins('docs/RELEASING.md', md), ['8:v2.0.0', '12:v1.13.1']);
  // The same lines outside Markdown are pins.
  assert.equal(pins('scripts/install.sh', md).length, 4);
  // An unclosed fence runs to the end (CommonMark).
  assert.deepEqual(pins('a.md', 'text\n```\nCOSIGN_VERSION=v1.13.1\n'), ['3:v1.13.1']);
});
