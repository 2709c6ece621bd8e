/**
 * Property-based tests for the shell lexer and parser, every shell carrier (scripts, Makefiles,
 * Dockerfiles, justfiles, package.json, Markdown, CI YAML), the cosign command model and the
 * identity-regexp analysis: random and mutated inputs never throw, and every finding and fix edit the
 * cosign rules produce lies inside the text.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  analyzeIdentityRegexp,
  analyzeIssuerRegexp,
  anchoredIdentityRegexp,
  escapeLiteralDots,
  issuerNamedBy,
} from '../../../src/engine/cosign/identity-regexp';
import { buildCosignView } from '../../../src/engine/cosign/view';
import { RULES } from '../../../src/engine/rules/registry';
import { scanFile } from '../../../src/engine/scan/scanner';
import { lexShell } from '../../../src/engine/shell/lexer';
import { parseShell } from '../../../src/engine/shell/parser';
import { buildShellView } from '../../../src/engine/shell/view';
import type { Logger } from '../../../src/engine/types';
import { anyText, checkProperty, errorName, fc, mutated } from '../../helpers/fuzz';

const script = `#!/bin/sh
set -eu
export COSIGN_PASSWORD="hunter2"
COSIGN_EXPERIMENTAL=1 cosign sign --key cosign.key --tlog-upload=false "$IMAGE@$(crane digest "$IMAGE")"
cosign verify --certificate-identity-regexp '.*' --certificate-oidc-issuer-regexp ".*" --insecure-ignore-tlog ghcr.io/acme/app
cat <<EOF | sh -c 'cosign sign-blob --key env://COSIGN_KEY file'
body $(echo \`nested\`) \${VAR:-default}
EOF
docker run --rm gcr.io/projectsigstore/cosign:v2 verify --key k.pub --allow-insecure-registry img || true
`;
const workflow = `name: release
on: { push: { tags: ['v*'] } }
permissions:
  id-token: write
env:
  COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}
  SIGSTORE_ID_TOKEN: eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln
jobs:
  sign:
    runs-on: ubuntu-latest
    steps:
      - uses: sigstore/cosign-installer@v3
      - run: cosign generate-key-pair
      - run: |
          echo "\${{ secrets.COSIGN_PRIVATE_KEY }}" > cosign.key
          cosign sign --key cosign.key \\
            --tlog-upload=false ghcr.io/acme/app
      - run: >-
          cosign verify-blob --certificate-identity-regexp "^https://github.com/acme/.*"
          --certificate-oidc-issuer https://token.actions.githubusercontent.com --bundle b.json f
`;
const gitlab = `sign:
  image: cgr.dev/chainguard/cosign
  variables:
    COSIGN_YES: "true"
    COSIGN_PASSWORD: "plain"
  script:
    - cosign sign --key "$COSIGN_PRIVATE_KEY" $CI_REGISTRY_IMAGE
    - |
      cosign verify --key cosign.pub \\
        --insecure-ignore-sct "$CI_REGISTRY_IMAGE"
`;
const makefile = `COSIGN ?= cosign
export COSIGN_PASSWORD := secret
sign:
\t$(COSIGN) sign --key cosign.key --tlog-upload=false $(IMAGE)
\t@cosign verify --certificate-identity-regexp='.*' $$IMAGE
`;
const dockerfile = `FROM gcr.io/projectsigstore/cosign:v2 AS cosign
ENV COSIGN_EXPERIMENTAL=1
RUN cosign sign-blob --key cosign.key --output-signature sig file \\
    && cosign verify-blob --key cosign.pub --signature sig file
RUN ["cosign", "verify", "--insecure-ignore-tlog", "img"]
`;
const justfile = `sign image:
    cosign sign --key {{key}} --tlog-upload=false {{image}}
`;
const packageJson = `{"name":"x","scripts":{"sign":"COSIGN_PASSWORD=x cosign sign-blob --key cosign.key dist/app.tgz","verify":"cosign verify-blob --certificate-identity-regexp \\".*\\" --bundle b f"}}`;
const markdown =
  "# Release\n\n```sh\ncosign verify --certificate-identity-regexp '.*' --certificate-oidc-issuer-regexp '.*' img\n```\n\n```console\n$ COSIGN_PASSWORD=pw cosign sign --key cosign.key img\n```\n";
const taskfile = `version: '3'\ntasks:\n  sign:\n    cmds:\n      - cosign sign --key {{.KEY}} {{.IMAGE}}\n`;
const tekton = `apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: sign\n      script: |\n        cosign sign --key k8s://ns/key --tlog-upload=false $(params.image)\n`;

/** Each carrier with the path that makes the engine read it as that carrier. */
const carriers: readonly (readonly [string, string])[] = [
  ['scripts/release.sh', script],
  ['bin/release', script],
  ['.env', 'COSIGN_PASSWORD=hunter2\nCOSIGN_KEY=cosign.key\n'],
  ['.github/workflows/release.yml', workflow],
  ['.gitlab-ci.yml', gitlab],
  ['Makefile', makefile],
  ['Dockerfile', dockerfile],
  ['justfile', justfile],
  ['package.json', packageJson],
  ['docs/release.md', markdown],
  ['Taskfile.yml', taskfile],
  ['tekton/sign.yaml', tekton],
];
const CONFIG_RULES = RULES.filter((rule) => rule.meta.kind !== 'key');

/** Random text, or a carrier mutated, paired with a carrier path (possibly another carrier's). */
const carrierInput = fc.oneof(
  fc.constantFrom(...carriers).chain(([path, text]) => mutated(text).map((mutatedText) => [path, mutatedText] as const)),
  fc.tuple(fc.constantFrom(...carriers.map(([path]) => path)), anyText),
  fc.tuple(fc.constantFrom(...carriers.map(([path]) => path)), fc.constantFrom(...carriers.map(([, text]) => text))),
);

test('fuzz: the shell lexer and parser never throw and keep ranges inside the text', () => {
  checkProperty(
    fc.property(fc.oneof(anyText, mutated(script), mutated(makefile)), fc.boolean(), (text, mustache) => {
      const tokens = lexShell(text, { mustache });
      assert.ok(Array.isArray(tokens));
      for (const command of parseShell(text, { mustache })) {
        assert.ok(command.start >= 0 && command.start <= command.end && command.end <= text.length, 'command range in bounds');
        for (const word of command.args) assert.ok(word.start >= command.start - 1 && word.end <= text.length, 'word range in bounds');
      }
    }),
    400,
  );
});

test('fuzz: shell views and the cosign command model never throw on any carrier', () => {
  checkProperty(
    fc.property(carrierInput, ([path, text]) => {
      const shell = buildShellView(path, text, () => true);
      for (const binding of shell.bindings) assert.ok(binding.nameRange.start >= 0 && binding.nameRange.end <= text.length, 'binding in bounds');
      const cosign = buildCosignView(path, text);
      for (const command of cosign.commands) assert.ok(command.headRange.start >= 0 && command.headRange.end <= text.length, 'cosign command in bounds');
    }),
    400,
  );
});

function strictLogger(): Logger & { readonly errors: string[] } {
  const errors: string[] = [];
  return { errors, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
}

test('fuzz: cosign rules through scanFile: no rule fails; findings and fix edits lie inside the text and do not overlap', () => {
  checkProperty(
    fc.property(carrierInput, ([path, text]) => {
      const logger = strictLogger();
      let findings;
      try {
        findings = scanFile({ path, text, committed: true }, { rules: CONFIG_RULES, logger });
      } catch (error) {
        throw new Error(`scanFile threw ${errorName(error)} on ${path}`);
      }
      assert.deepEqual(logger.errors, [], `a rule failed on ${path}`);
      for (const finding of findings) {
        assert.ok(finding.range.start >= 0 && finding.range.end <= text.length, `${finding.ruleId} range in bounds`);
        for (const fix of finding.fixes ?? []) {
          const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start);
          let previousEnd = 0;
          for (const edit of edits) {
            assert.ok(edit.range.start >= previousEnd && edit.range.end <= text.length, `${finding.ruleId} "${fix.title}": edit in bounds and not overlapping`);
            previousEnd = edit.range.end;
          }
        }
      }
    }),
    400,
  );
});

test('fuzz: identity and issuer regexp analysis never throws on any pattern', () => {
  const patterns = ['.*', '^https://github.com/acme/.*$', 'https://token.actions.githubusercontent.com', '^(a|b)+$', '[', '\\', '(?:x'];
  checkProperty(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), mutated(patterns.join('|')), fc.constantFrom(...patterns)), (pattern) => {
      analyzeIdentityRegexp(pattern);
      analyzeIssuerRegexp(pattern);
      anchoredIdentityRegexp(pattern);
      issuerNamedBy(pattern);
      escapeLiteralDots(pattern);
    }),
    400,
  );
});

test('the fuzz seeds are real: every unmutated carrier produces cosign findings', () => {
  for (const [path, text] of carriers) {
    const findings = scanFile({ path, text, committed: true }, { rules: CONFIG_RULES });
    assert.ok(findings.length > 0, `${path} has findings`);
  }
});
