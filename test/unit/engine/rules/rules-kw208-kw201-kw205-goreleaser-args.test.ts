import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedSigning } from '../../../../src/engine/rules/kw201-key-based-signing';
import { tlogUploadDisabled } from '../../../../src/engine/rules/kw205-tlog-upload-disabled';
import { signBlobWithoutBundle } from '../../../../src/engine/rules/kw208-sign-blob-without-bundle';
import { goreleaserKeySigning } from '../../../../src/engine/rules/kw601-goreleaser-key-signing';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

/** goreleaser `signs[].args` / `docker_signs[].args`: an argv cosign runs with, read as a cosign command. */

const path = '.goreleaser.yaml';

test('KW208: signs with cosign sign-blob and detached outputs, no --bundle', () => {
  const text =
    'version: 2\nsigns:\n  - cmd: cosign\n    signature: "${artifact}.sig"\n    args: ["sign-blob", "--output-signature=${signature}", "--output-certificate=${certificate}", "${artifact}", "--yes"]\n';
  const finding = only(signBlobWithoutBundle, path, text);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /--output-signature, --output-certificate/);
  assert.ok(covered(text, finding).startsWith('cosign'), 'points from the cmd to the subcommand');
  assert.equal(finding.fixes, undefined, 'no edit of a YAML argv');
  // Block-style args, a path to the cosign binary.
  const block = 'signs:\n  - cmd: /usr/local/bin/cosign\n    args:\n      - sign-blob\n      - --output-signature=${signature}\n      - ${artifact}\n';
  assert.equal(scan(signBlobWithoutBundle, path, block).length, 1);
});

test('KW208 negatives: --bundle, gpg, docker_signs (images, not blobs), non-goreleaser files', () => {
  assert.deepEqual(
    scan(signBlobWithoutBundle, path, 'signs:\n  - cmd: cosign\n    args: ["sign-blob", "--bundle=${signature}", "${artifact}", "--yes"]\n'),
    [],
  );
  assert.deepEqual(scan(signBlobWithoutBundle, path, 'signs:\n  - args: ["sign-blob", "--output", "${signature}", "${artifact}"]\n'), [], 'default cmd is gpg');
  assert.deepEqual(scan(signBlobWithoutBundle, path, 'signs:\n  - cmd: gpg\n    args: ["sign-blob", "${artifact}"]\n'), []);
  assert.deepEqual(
    scan(signBlobWithoutBundle, 'ci/settings.yaml', 'signs:\n  - cmd: cosign\n    args: ["sign-blob", "--output-signature=x", "${artifact}"]\n'),
    [],
  );
});

test('docker_signs args (cosign by default, not named in the file): KW205 on --tlog-upload=false', () => {
  const text = 'docker_signs:\n  - artifacts: all\n    args: ["sign", "--tlog-upload=false", "${artifact}@${digest}", "--yes"]\n';
  assert.equal(text.includes('cosign'), false);
  const finding = only(tlogUploadDisabled, path, text);
  assert.equal(covered(text, finding), '"--tlog-upload=false"');
});

test('KW201 and KW601 on one goreleaser --key: one finding, the other as a related location, fixes merged', () => {
  const text = 'docker_signs:\n  - cmd: cosign\n    args: ["sign", "--key=cosign.key", "${artifact}@${digest}", "--yes"]\n';
  assert.equal(scan(keyBasedSigning, path, text).length, 1);
  const both = scanFile({ path, text, committed: true }, { rules: [keyBasedSigning, goreleaserKeySigning] });
  assert.equal(both.length, 1);
  const [merged] = both;
  assert.deepEqual([merged?.ruleId, ...(merged?.related ?? []).map((r) => r.ruleId)].sort(), ['KW201', 'KW601']);
  assert.ok(
    (merged?.fixes ?? []).some((f) => f.title === 'Sign images keyless'),
    'KW601 keyless fix kept',
  );
});
