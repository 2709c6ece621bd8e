import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import * as vendored from '../../../../src/engine/verify/vendor/sigstore-verify';

/**
 * verifier.ts calls the steps of @sigstore/verify one by one; they are private in the package, so they
 * are vendored (src/engine/verify/vendor/sigstore-verify/, NOTICE there). These tests keep the copy
 * honest: it must be the code of the release installed as a devDependency, so that upgrading it shows
 * what changed upstream instead of leaving Keyward on older steps, and a local edit cannot slip in unstated.
 */
const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
const VENDOR = join(REPO_ROOT, 'src', 'engine', 'verify', 'vendor', 'sigstore-verify');
const requireHere = createRequire(__filename);
const DIST = join(dirname(requireHere.resolve('@sigstore/verify/package.json')), 'dist');
/** Files in the folder that have no dist/ module of the same name: Keyward's exports, the trimmed type-only rekor types. */
const KEYWARD_FILES = new Set(['index.ts', 'rekor-types.ts']);

function vendoredFiles(dir = VENDOR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return vendoredFiles(path);
    return entry.name.endsWith('.ts') ? [relative(VENDOR, path).split('\\').join('/')] : [];
  });
}

/** The statements of a module compiled to CommonJS, without comments, blank lines and export bookkeeping. */
function compiled(source: string): string[] {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, removeComments: true } });
  return js.outputText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '"use strict";' && !line.startsWith('Object.defineProperty(exports') && !line.startsWith('exports.'));
}

test('the installed @sigstore/verify is the release the steps were vendored from', () => {
  const installed = (JSON.parse(readFileSync(requireHere.resolve('@sigstore/verify/package.json'), 'utf8')) as { version: string }).version;
  assert.equal(
    installed,
    vendored.VENDORED_VERSION,
    'compare the vendored steps with the new release (see their NOTICE), then update VENDORED_VERSION and NOTICE',
  );
  for (const name of ['verifyCertificateChain', 'verifySCTs', 'getTLogTimestamp', 'getTSATimestamp', 'verifyTLogBody', 'verifyTLogInclusion'] as const) {
    assert.equal(typeof vendored[name], 'function', name);
  }
});

test("each vendored step compiles to the same JavaScript as the installed release's dist/ module", () => {
  const upstream = vendoredFiles().filter((file) => !KEYWARD_FILES.has(file));
  assert.equal(upstream.length, 19, `vendored files: ${upstream.join(', ')}`);
  for (const file of upstream) {
    const ours = compiled(readFileSync(join(VENDOR, file), 'utf8'));
    const theirs = compiled(readFileSync(join(DIST, file.replace(/\.ts$/, '.js')), 'utf8'));
    assert.deepEqual(ours, theirs, `${file} differs from @sigstore/verify/dist/${file.replace(/\.ts$/, '.js')}`);
  }
});

test('each vendored file names its origin and its changes, under the Apache-2.0 header; NOTICE lists it', () => {
  const notice = readFileSync(join(VENDOR, 'NOTICE'), 'utf8');
  for (const file of vendoredFiles()) {
    const text = readFileSync(join(VENDOR, file), 'utf8');
    if (file === 'index.ts') continue;
    assert.match(text, /^\/\*\nCopyright 20\d\d The Sigstore Authors\.\n\nLicensed under the Apache License, Version 2\.0/, file);
    assert.match(text, /Vendored into Keyward from @sigstore\/(verify 4\.1\.3|rekor-types 5\.0\.0)[\s\S]*?Modified by Keyward: [^\n]+/, file);
    assert.match(notice, new RegExp(`^  ${file.replace(/\./g, '\\.')} `, 'm'), `${file} is missing from NOTICE`);
  }
  assert.match(readFileSync(join(VENDOR, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
});
