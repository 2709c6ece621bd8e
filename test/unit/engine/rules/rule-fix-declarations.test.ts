import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MIGRATION_RULE_IDS, migrationFixesOf } from '../../../../src/engine/fixes/applicable';
import { declarationsOf, isEngineFix, KEY_FILE_FIXES } from '../../../../src/engine/rules/helpers/fix-declarations';
import { RULES } from '../../../../src/engine/rules/registry';
import type { Rule } from '../../../../src/engine/rules/rule';
import { auditRuleGates, scanFile } from '../../../../src/engine/scan/scanner';
import type { RawFinding } from '../../../../src/engine/types';
import type { WorkspaceFacts } from '../../../../src/engine/facts/workspace-facts';
import { GITLAB_FACTS } from '../../../helpers/cosign-rule-harness';

/**
 * A rule's meta is the one place its fixes are declared: docs, the README, the editor's code actions and
 * "Migrate Workspace" read them from there. Two checks keep declarations and code together:
 * - every fix a rule emits on any unit-test input matches exactly one declaration (the scanner's rule
 *   audit, on in the unit tests; the audit tests below show it fails);
 * - every declared fix is emitted on one of the samples here (one per declaration, taken from the
 *   rules' own test inputs).
 */

interface Sample {
  readonly path: string;
  readonly text: string;
  readonly workspace?: WorkspaceFacts;
}

const CIP = (authority: string): string =>
  [
    'apiVersion: policy.sigstore.dev/v1beta1',
    'kind: ClusterImagePolicy',
    'metadata:',
    '  name: prod',
    'spec:',
    '  images:',
    '    - glob: "ghcr.io/acme/**"',
    '  authorities:',
    authority,
    '',
  ].join('\n');
const KYVERNO = (entry: string): string =>
  [
    'apiVersion: kyverno.io/v1',
    'kind: ClusterPolicy',
    'metadata:',
    '  name: verify-images',
    'spec:',
    '  rules:',
    '    - name: check',
    '      verifyImages:',
    '        - imageReferences: ["ghcr.io/acme/*"]',
    '          attestors:',
    '            - entries:',
    entry,
    '',
  ].join('\n');
const CHAINS = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chains-config\n  namespace: tekton-chains\ndata:\n  artifacts.oci.storage: oci\n';
const GITHUB_JOB = (step: string, top = ''): string => `${top}jobs:\n  r:\n    steps:\n      - run: ${step}\n`;

/** Inputs on which each rule emits each fix it declares (rule id → samples). */
const SAMPLES: Readonly<Record<string, readonly Sample[]>> = {
  KW201: [
    { path: '.github/workflows/release.yml', text: GITHUB_JOB('cosign sign --key cosign.key i') },
    { path: 'sign.sh', text: 'cosign sign --key k img\n' },
  ],
  KW204: [
    { path: '.gitlab-ci.yml', text: 'sign:\n  script:\n    - cosign sign --key env://COSIGN_PRIVATE_KEY i\n' },
    { path: 'a.sh', text: 'cosign sign --key env://COSIGN_PRIVATE_KEY img\n' },
  ],
  KW205: [{ path: 'a.sh', text: 'export COSIGN_TLOG_UPLOAD=False\ncosign sign --tlog-upload=false img\n' }],
  KW207: [{ path: 'Dockerfile', text: 'ENV COSIGN_EXPERIMENTAL=1\n' }],
  KW208: [{ path: 'a.sh', text: 'SIG=$(cosign sign-blob --yes app.tgz)\n' }],
  KW301: [{ path: 'a.sh', text: 'cosign verify --key k img\n' }],
  KW302: [{ path: 'a.sh', text: 'cosign verify x\n' }],
  KW303: [
    {
      path: 'verify.sh',
      text: 'cosign verify --certificate-identity-regexp "https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main" --certificate-oidc-issuer=https://token.actions.githubusercontent.com img\n',
    },
    { path: 'verify.sh', text: "cosign verify --certificate-identity-regexp '.*' --certificate-oidc-issuer=https://token.actions.githubusercontent.com img\n" },
  ],
  KW304: [
    {
      path: 'v.sh',
      text: "cosign verify --certificate-identity=https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main --certificate-oidc-issuer-regexp '.*' img\n",
    },
  ],
  KW305: [{ path: 'v.sh', text: 'cosign verify --insecure-ignore-tlog img\n' }],
  KW306: [{ path: 'Dockerfile', text: 'ENV COSIGN_INSECURE_IGNORE_SCT=true\n' }],
  KW307: [{ path: 'a.sh', text: 'cosign copy --allow-http-registry a b\n' }],
  KW401: [
    { path: '.github/workflows/release.yml', text: GITHUB_JOB('cosign sign --yes i', 'permissions:\n  id-token: write\n') },
    { path: '.github/workflows/pr.yml', text: 'on: [push, pull_request]\npermissions:\n  id-token: write\njobs:\n  s:\n    steps: []\n' },
  ],
  KW403: [{ path: '.github/workflows/release.yml', text: GITHUB_JOB('cosign sign --yes "$IMAGE"') }],
  KW420: [{ path: '.gitlab-ci.yml', text: 'sign:\n  script:\n    - cosign sign --yes $IMAGE\n', workspace: GITLAB_FACTS }],
  KW421: [{ path: '.gitlab-ci.yml', text: 'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: "https://gitlab.com"\n' }],
  KW501: [{ path: 'deploy/policy.yaml', text: CIP('    - key:\n        kms: awskms:///alias/k') }],
  KW502: [{ path: 'deploy/policy.yaml', text: CIP('    - keyless:\n        insecureIgnoreSCT: false') }],
  KW503: [{ path: 'deploy/policy.yaml', text: CIP('    - keyless:\n        insecureIgnoreSCT: "true"') }],
  KW510: [
    {
      path: 'policies/verify.yaml',
      text: KYVERNO('                - keys:\n                    kms: gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k'),
    },
  ],
  KW512: [
    {
      path: 'policies/verify.yaml',
      text: KYVERNO(
        '                - keyless:\n                    subject: s\n                    issuer: i\n                    rekor:\n                      url: https://rekor.sigstore.dev\n                      ignoreTlog: true',
      ),
    },
  ],
  KW513: [
    {
      path: 'policies/verify.yaml',
      text: KYVERNO(
        '                - keyless:\n                    subject: s\n                    issuer: i\n                    ctlog:\n                      ignoreSCT: true',
      ),
    },
  ],
  KW601: [
    {
      path: '.goreleaser.yaml',
      text: 'signs:\n  - cmd: cosign\n    args: ["sign-blob", "--key=cosign.key", "--output-signature=${signature}", "${artifact}", "--yes"]\n',
    },
    { path: '.goreleaser.yml', text: 'docker_signs:\n  - env:\n      - COSIGN_EXPERIMENTAL=1\n' },
  ],
  KW604: [{ path: 'config/chains.yaml', text: CHAINS }],
  KW605: [{ path: 'config/chains.yaml', text: CHAINS }],
  KW701: [{ path: 'requirements.txt', text: 'sigstore==4.2.0rc1\n' }],
  KW801: [
    { path: 'verify.ts', text: "import { verify } from 'sigstore';\nawait verify(bundle, data);\n" },
    { path: 'verify.py', text: 'from sigstore.verify import policy\np = policy.Identity(identity="me@acme.dev")\n' },
  ],
  KW803: [
    { path: 'verify.ts', text: "import { verify } from 'sigstore';\nawait verify(b, d, { tlogThreshold: 0 });\n" },
    { path: 'verify.go', text: 'package m\nimport "github.com/sigstore/sigstore-go/pkg/verify"\nvar o = verify.WithTransparencyLog(0)\n' },
  ],
  KW804: [
    {
      path: 'verify.go',
      text: 'package m\nimport "github.com/sigstore/cosign/v2/pkg/cosign"\nvar o = verify.WithSignedCertificateTimestamps(0)\nvar c = cosign.CheckOpts{IgnoreSCT: true, SigVerifier: v}\n',
    },
    { path: 'verify.go', text: 'package m\nimport "github.com/sigstore/sigstore-go/pkg/verify"\nvar o = verify.WithSignedCertificateTimestamps(0)\n' },
  ],
};

test('every fix a rule declares is emitted on its samples, and every emitted fix matches one declaration', () => {
  for (const rule of RULES) {
    const declared = rule.meta.fixes.filter(isEngineFix).map((d) => d.kind);
    const emitted = new Set<string>();
    for (const sample of SAMPLES[rule.meta.id] ?? []) {
      for (const finding of scanFile(
        { path: sample.path, text: sample.text, committed: true, ...(sample.workspace ? { workspace: sample.workspace } : {}) },
        { rules: [rule] },
      )) {
        for (const fix of finding.fixes ?? []) {
          const matches = declarationsOf(rule.meta, fix);
          assert.equal(matches.length, 1, `${rule.meta.id}: "${fix.title}" (${fix.safety}) matches ${matches.length} declarations`);
          emitted.add(matches[0]!.kind);
        }
      }
    }
    assert.deepEqual(
      [...emitted].sort(),
      [...declared].sort(),
      `${rule.meta.id}: declared fixes vs fixes emitted on its samples (add a sample to SAMPLES, or fix the declaration)`,
    );
  }
  for (const id of Object.keys(SAMPLES))
    assert.ok(
      RULES.some((rule) => rule.meta.id === id),
      `SAMPLES names a rule that does not exist: ${id}`,
    );
});

test('fix declarations: kinds unique per rule, labels given; key rules offer the editor key-file fixes, other rules none', () => {
  const hostKinds = new Set<string>(KEY_FILE_FIXES.map((d) => d.kind));
  for (const { meta } of RULES) {
    const kinds = meta.fixes.map((d) => d.kind);
    assert.equal(new Set(kinds).size, kinds.length, `${meta.id}: duplicate fix kind`);
    for (const declared of meta.fixes) assert.ok(declared.label.length > 3, `${meta.id}: ${declared.kind} needs a label`);
    for (const declared of meta.fixes.filter(isEngineFix))
      assert.ok(!hostKinds.has(declared.kind), `${meta.id}: engine fix named like an editor fix: ${declared.kind}`);
    const host = meta.fixes.filter((d) => !isEngineFix(d));
    assert.deepEqual(host, meta.kind === 'key' ? KEY_FILE_FIXES : [], `${meta.id}: editor fixes`);
  }
});

test('the migration rules are the rules that declare a migration fix, and only those fixes migrate', () => {
  assert.deepEqual([...MIGRATION_RULE_IDS].sort(), [
    'KW201',
    'KW204',
    'KW301',
    'KW302',
    'KW303',
    'KW304',
    'KW401',
    'KW403',
    'KW420',
    'KW501',
    'KW502',
    'KW510',
  ]);
  const rule = (id: string): Rule => RULES.find((r) => r.meta.id === id)!;
  const anchor = scanFile({ path: 'verify.sh', text: SAMPLES['KW303']![0]!.text, committed: true }, { rules: [rule('KW303')] });
  assert.equal(anchor[0]?.fixes?.length, 1, 'KW303 offers its safe fix');
  assert.deepEqual(migrationFixesOf(anchor), [], 'anchoring a regexp that names one identity is a safe fix, not a migration');
  const keyless = scanFile({ path: 'sign.sh', text: 'cosign sign --key k img\n', committed: true }, { rules: [rule('KW201')] });
  assert.deepEqual(
    migrationFixesOf(keyless).map((f) => f.title),
    ['Sign keyless instead of with a key'],
  );
});

function markerRule(reported: Partial<RawFinding>): Rule {
  return {
    meta: {
      id: 'KW999',
      name: 'marker',
      title: 'marker',
      severity: 'error',
      threats: ['T5'],
      kind: 'config',
      summary: '',
      docs: '',
      fixes: [{ kind: 'declared', label: 'Declared fix', safety: 'safe', title: /^Declared$/ }],
    },
    check: () => [{ range: { start: 0, end: 1 }, message: 'found', carrier: 'text', identity: 'x', ...reported }],
  };
}

test('the engine stamps the rule id from meta: a rule need not restate it', () => {
  const [finding] = scanFile({ path: 'a.txt', text: 'abc', committed: true }, { rules: [markerRule({})] });
  assert.equal(finding?.ruleId, 'KW999');
});

test('the rule audit rejects a finding under another rule id and a fix the meta does not declare', () => {
  const previous = auditRuleGates(true);
  try {
    const scan = (reported: Partial<RawFinding>) => () => scanFile({ path: 'a.txt', text: 'abc', committed: true }, { rules: [markerRule(reported)] });
    assert.throws(scan({ ruleId: 'KW101' }), /reported a finding as KW101/);
    assert.throws(scan({ fixes: [{ title: 'Undeclared', edits: [], safety: 'safe' }] }), /matches 0 of the fixes/);
    assert.throws(scan({ fixes: [{ title: 'Declared', edits: [], safety: 'review' }] }), /matches 0 of the fixes/, 'the declared safety counts');
    assert.doesNotThrow(scan({ ruleId: 'KW999', fixes: [{ title: 'Declared', edits: [], safety: 'safe' }] }));
  } finally {
    auditRuleGates(previous);
  }
});
