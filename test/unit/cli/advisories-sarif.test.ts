import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { formatSarif } from '../../../src/cli/format-sarif';
import { scanWorkspace } from '../../../src/engine/scan/workspace-scan';

/** A small workspace with one vulnerable and one fixed pin per file kind. */
const FILES: Record<string, string> = {
  'web/package.json': '{\n  "dependencies": {\n    "sigstore": "4.1.0",\n    "@sigstore/core": "3.2.1"\n  }\n}\n',
  'web/package-lock.json':
    '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/@sigstore/verify": { "version": "3.1.0" },\n    "node_modules/sigstore": { "version": "4.1.1" }\n  }\n}\n',
  'svc/go.mod': 'module example.com/svc\n\ngo 1.23\n\nrequire (\n\tgithub.com/sigstore/rekor v1.5.1\n\tgithub.com/sigstore/fulcio v1.8.6\n)\n',
  'py/requirements.txt': 'sigstore==4.1.0\n',
  'java/pom.xml':
    '<project><dependencies><dependency>\n  <groupId>dev.sigstore</groupId>\n  <artifactId>sigstore-java</artifactId>\n  <version>1.0.0</version>\n</dependency></dependencies></project>\n',
  '.github/workflows/release.yml':
    'jobs:\n  sign:\n    steps:\n      - uses: sigstore/cosign-installer@4959ce089c160fddf62f7b42464195ba1a56d382 # v4.1.2\n      - run: cosign sign --yes ghcr.io/acme/app@sha256:0123\n',
  Dockerfile: 'FROM gcr.io/projectsigstore/cosign:v2.6.1 AS cosign\n',
};

test('keyward scan → SARIF: every vulnerable pin with its advisory ids, nothing for fixed versions', async () => {
  const root = mkdtempSync(join(tmpdir(), 'keyward-kw701-'));
  try {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const result = await scanWorkspace({ root, trusted: false });
    const sarif = JSON.parse(formatSarif({ result, root, toolVersion: '0.0.0-test', docsUrl: 'https://example.invalid/rules.md' }));
    const results = (
      sarif.runs[0].results as {
        ruleId: string;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      }[]
    )
      .filter((r) => r.ruleId === 'KW701')
      .map(
        (r) =>
          `${r.locations[0]?.physicalLocation.artifactLocation.uri}:${r.locations[0]?.physicalLocation.region.startLine}:${r.level}:${(r.message.text.match(/GHSA-[\w-]+/g) ?? []).join(',')}`,
      )
      .sort();
    assert.deepEqual(results, [
      'Dockerfile:1:warning:GHSA-whqx-f9j3-ch6m,GHSA-wfqv-66vq-46rm,GHSA-w6c6-c85g-mmv6',
      'java/pom.xml:4:warning:GHSA-q4xm-6fjc-5f6w',
      'py/requirements.txt:1:warning:GHSA-hm8f-75xx-w2vr',
      'svc/go.mod:6:error:GHSA-47q9-m4ww-924m,GHSA-843x-px86-vq42',
      'web/package-lock.json:4:warning:GHSA-xgjw-pm74-86q4',
      'web/package.json:3:error:GHSA-52v5-jr5w-gjxr',
    ]);
    const rule = (sarif.runs[0].tool.driver.rules as { id: string; name: string }[]).find((r) => r.id === 'KW701');
    assert.equal(rule?.name, 'vulnerable-sigstore-client');
    assert.ok(
      sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'KW701' && /4\.1\.1 fixes it/.test(JSON.stringify(r))),
      'the fixing version is in the message',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
