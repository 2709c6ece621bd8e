// Text and binary content for the generated workspace: realistic-looking source in several languages,
// manifests, lockfiles, YAML, JSON, minified bundles, logs and binary blobs. Files are assembled from pools
// of blocks built once per run from the seeded PRNG, so gigabytes are cheap to produce and the same seed
// gives the same bytes.

const BLOCKS_PER_POOL = 48;

const camel = (random) => random.word() + random.word().replace(/^./, (c) => c.toUpperCase());
const pascal = (random) => camel(random).replace(/^./, (c) => c.toUpperCase());

/** One block of code per language; each takes the PRNG and returns a few hundred bytes to a few KB. */
const BLOCK_MAKERS = {
  ts: (r) => {
    const name = camel(r),
      type = pascal(r);
    const fields = Array.from(
      { length: r.int(2, 8) },
      () => `  readonly ${camel(r)}: ${r.pick(['string', 'number', 'boolean', 'string[]', `${type} | undefined`])};`,
    ).join('\n');
    const body = Array.from(
      { length: r.int(3, 20) },
      () =>
        `  const ${camel(r)} = ${r.pick([`input.${camel(r)}`, `await fetch${type}(${r.int(1, 999)})`, `[${r.int(0, 9)}, ${r.int(10, 99)}].map((v) => v * ${r.int(2, 9)})`, `'${r.word()}-${r.word()}'`])};`,
    ).join('\n');
    return `export interface ${type} {\n${fields}\n}\n\n/** ${r.word()} ${r.word()} ${r.word()} ${r.word()}. */\nexport async function ${name}(input: ${type}): Promise<number> {\n${body}\n  return ${r.int(0, 1000)};\n}\n\n`;
  },
  js: (r) => {
    const name = camel(r);
    const body = Array.from(
      { length: r.int(3, 25) },
      () =>
        `  ${r.pick(['const', 'let'])} ${camel(r)} = ${r.pick([`options.${camel(r)} || ${r.int(0, 99)}`, `require('${r.word()}')`, `this.${camel(r)}(${r.int(0, 9)})`, `"${r.word()} ${r.word()}"`, `Object.keys(${camel(r)}).length`])};`,
    ).join('\n');
    return `/**\n * ${r.word()} ${r.word()} ${r.word()}\n * @param {object} options\n */\nfunction ${name}(options) {\n${body}\n  return ${camel(r)};\n}\nmodule.exports.${name} = ${name};\n\n`;
  },
  py: (r) => {
    const name = r.word() + '_' + r.word();
    const body = Array.from(
      { length: r.int(3, 20) },
      () =>
        `        ${r.word()}_${r.word()} = ${r.pick([`self.${r.word()}.get("${r.word()}", ${r.int(0, 9)})`, `[x * ${r.int(2, 9)} for x in range(${r.int(1, 99)})]`, `"${r.word()} ${r.word()}"`, `len(${r.word()})`])}`,
    ).join('\n');
    return `class ${pascal(r)}(object):\n    """${r.word()} ${r.word()} ${r.word()}."""\n\n    def ${name}(self, ${r.word()}, ${r.word()}=None):\n${body}\n        return ${r.int(0, 100)}\n\n\n`;
  },
  go: (r) => {
    const name = pascal(r);
    const body = Array.from(
      { length: r.int(3, 20) },
      () =>
        `\t${camel(r)} := ${r.pick([`strings.ToLower("${r.word()}")`, `len(${camel(r)})`, `fmt.Sprintf("%s-%d", "${r.word()}", ${r.int(0, 999)})`, `make([]byte, ${r.int(1, 4096)})`])}`,
    ).join('\n');
    return `// ${name} ${r.word()} ${r.word()} ${r.word()}.\nfunc ${name}(ctx context.Context, ${camel(r)} string) (int, error) {\n${body}\n\treturn ${r.int(0, 100)}, nil\n}\n\n`;
  },
  java: (r) => {
    const body = Array.from(
      { length: r.int(3, 18) },
      () =>
        `        ${r.pick(['String', 'int', 'long', 'var'])} ${camel(r)} = ${r.pick([`this.${camel(r)}.get${pascal(r)}()`, `${r.int(0, 9999)}`, `"${r.word()}"`, `List.of(${r.int(0, 9)}, ${r.int(0, 9)}).size()`])};`,
    ).join('\n');
    return `    /** ${r.word()} ${r.word()} ${r.word()}. */\n    public ${r.pick(['int', 'void', 'String'])} ${camel(r)}(final ${pascal(r)} ${camel(r)}) {\n${body}\n    }\n\n`;
  },
  rs: (r) => {
    const body = Array.from(
      { length: r.int(3, 18) },
      () =>
        `    let ${r.word()}_${r.word()} = ${r.pick([`${r.word()}.iter().map(|x| x * ${r.int(2, 9)}).collect::<Vec<_>>()`, `${r.int(0, 9999)}u64`, `String::from("${r.word()}")`, `self.${r.word()}.len()`])};`,
    ).join('\n');
    return `/// ${r.word()} ${r.word()} ${r.word()}.\npub fn ${r.word()}_${r.word()}(${r.word()}: &str) -> Result<usize, Error> {\n${body}\n    Ok(${r.int(0, 100)})\n}\n\n`;
  },
  rb: (r) =>
    `  # ${r.word()} ${r.word()}\n  def ${r.word()}_${r.word()}(${r.word()})\n${Array.from({ length: r.int(3, 15) }, () => `    ${r.word()} = ${r.pick([`@${r.word()}.fetch(:${r.word()}, ${r.int(0, 9)})`, `"${r.word()} #{${r.word()}}"`, `[${r.int(0, 9)}, ${r.int(0, 9)}].sum`])}`).join('\n')}\n  end\n\n`,
  c: (r) =>
    `/* ${r.word()} ${r.word()} ${r.word()} */\nstatic int ${r.word()}_${r.word()}(const char *${r.word()}, size_t len)\n{\n${Array.from({ length: r.int(3, 18) }, () => `    ${r.pick(['int', 'size_t', 'unsigned'])} ${r.word()} = ${r.pick([`strlen(${r.word()})`, `${r.int(0, 9999)}`, `len * ${r.int(2, 9)}`, `${r.word()}_${r.word()}(buf, ${r.int(1, 64)})`])};`).join('\n')}\n    return ${r.int(0, 100)};\n}\n\n`,
  css: (r) =>
    `.${r.word()}-${r.word()} {\n${Array.from({ length: r.int(2, 10) }, () => `  ${r.pick(['margin', 'padding', 'color', 'width', 'font-size', 'border-radius'])}: ${r.pick([`${r.int(0, 64)}px`, `#${r.int(0, 0xffffff).toString(16).padStart(6, '0')}`, `${r.int(0, 100)}%`, 'auto'])};`).join('\n')}\n}\n\n`,
  html: (r) =>
    `<section class="${r.word()}">\n  <h2>${r.word()} ${r.word()}</h2>\n${Array.from({ length: r.int(2, 10) }, () => `  <p>${Array.from({ length: r.int(5, 20) }, () => r.word()).join(' ')}</p>`).join('\n')}\n</section>\n`,
  md: (r) =>
    `## ${pascal(r)} ${r.word()}\n\n${Array.from({ length: r.int(2, 8) }, () => Array.from({ length: r.int(10, 40) }, () => r.word()).join(' ') + '.').join('\n\n')}\n\n\`\`\`sh\n${r.word()} --${r.word()} ${r.word()}\n\`\`\`\n\n`,
  sh: (r) =>
    `# ${r.word()} ${r.word()}\n${r.word()}_${r.word()}() {\n${Array.from({ length: r.int(2, 12) }, () => `  ${r.pick([`local ${r.word()}="$1"`, `echo "${r.word()} \${${r.word().toUpperCase()}}"`, `mkdir -p "/tmp/${r.word()}"`, `[ -f "${r.word()}.txt" ] && rm -f "${r.word()}.txt"`])}`).join('\n')}\n}\n\n`,
  log: (r) =>
    Array.from(
      { length: 40 },
      (_, i) =>
        `2026-11-${String(r.int(1, 25)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(i).padStart(2, '0')}.${r.int(100, 999)}Z ${r.pick(['INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'])} [${r.word()}] ${Array.from({ length: r.int(4, 16) }, () => r.word()).join(' ')} request_id=${r.int(1e6, 9e6)} latency_ms=${r.int(1, 900)}\n`,
    ).join(''),
};

const HEADERS = {
  ts: (r) => `import { ${camel(r)} } from './${r.word()}';\nimport * as ${r.word()} from '${r.word()}';\n\n`,
  js: () => `'use strict';\n\n`,
  py: (r) => `import os\nimport ${r.word()}\nfrom ${r.word()} import ${pascal(r)}\n\n\n`,
  go: (r) => `package ${r.word()}\n\nimport (\n\t"context"\n\t"fmt"\n\t"strings"\n)\n\n`,
  java: (r) => `package com.${r.word()}.${r.word()};\n\nimport java.util.List;\n\npublic final class ${pascal(r)} {\n\n`,
  rs: () => `use std::collections::HashMap;\nuse crate::error::Error;\n\n`,
  rb: (r) => `# frozen_string_literal: true\n\nclass ${pascal(r)}\n`,
  c: () => `#include <stdio.h>\n#include <string.h>\n\n`,
  css: () => '',
  html: (r) => `<!doctype html>\n<html lang="en">\n<head><title>${r.word()}</title></head>\n<body>\n`,
  md: (r) => `# ${pascal(r)}\n\n`,
  sh: () => `#!/usr/bin/env bash\nset -euo pipefail\n\n`,
  log: () => '',
};
const FOOTERS = { java: '}\n', rb: 'end\n', html: '</body>\n</html>\n' };

export const LANGUAGES = Object.keys(BLOCK_MAKERS);

/** Content factory bound to one PRNG: pools are built once, files are assembled from them. */
export function createContent(random) {
  const pools = Object.fromEntries(LANGUAGES.map((lang) => [lang, Array.from({ length: BLOCKS_PER_POOL }, () => BLOCK_MAKERS[lang](random))]));
  const minifiedPool = pools.js.map((block) =>
    block
      .replace(/\/\*\*[\s\S]*?\*\//g, '')
      .replace(/\s*\n\s*/g, '')
      .replace(/\s{2,}/g, ' '),
  );
  const binaryPool = random.bytes(1 << 20);

  /** Source text of about `size` bytes in `lang`. `salt` makes otherwise equal files differ. */
  const source = (lang, size, salt) => {
    const parts = [HEADERS[lang](random), lang === 'log' ? '' : `${comment(lang)} file ${salt}\n`];
    let length = parts[0].length + parts[1].length;
    while (length < size) {
      const block = random.pick(pools[lang]);
      parts.push(block);
      length += block.length;
    }
    if (FOOTERS[lang]) parts.push(FOOTERS[lang]);
    return parts.join('');
  };

  /** A minified bundle: one very long line, as shipped in dist/ folders. */
  const minified = (size, salt) => {
    const parts = [`/*! ${salt} | MIT */!function(e,t){"use strict";`];
    let length = parts[0].length;
    while (length < size) {
      const block = random.pick(minifiedPool);
      parts.push(block);
      length += block.length;
    }
    parts.push('}(this);\n');
    return parts.join('');
  };

  /** Binary bytes with a realistic magic number (PNG, zip, ELF, wasm) or none. */
  const binary = (kind, size) => {
    const magic = {
      png: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      zip: Buffer.from('504b0304140000000800', 'hex'),
      so: Buffer.from('7f454c4602010100', 'hex'),
      wasm: Buffer.from('0061736d01000000', 'hex'),
      bin: Buffer.alloc(0),
    }[kind];
    const out = Buffer.allocUnsafe(size);
    magic.copy(out);
    for (let at = magic.length; at < size;) {
      const start = random.int(0, binaryPool.length - 4096);
      const take = Math.min(size - at, binaryPool.length - start);
      binaryPool.copy(out, at, start, start + take);
      at += take;
    }
    // Binaries contain NUL bytes early on (tools detect binaries by them).
    if (size > 16) out[Math.min(size - 1, magic.length + 3)] = 0;
    return out;
  };

  const logChunk = () => random.pick(pools.log);

  return { source, minified, binary, logChunk, random };
}

function comment(lang) {
  return { py: '#', rb: '#', sh: '#', css: '/*', html: '<!--', md: '<!--' }[lang] ?? '//';
}

// ---------------------------------------------------------------------------------------------------
// Structured files: manifests, lockfiles, YAML, JSON.

export function packageJson(random, name) {
  const deps = Object.fromEntries(
    Array.from({ length: random.int(0, 8) }, () => [random.word(), `^${random.int(0, 12)}.${random.int(0, 30)}.${random.int(0, 20)}`]),
  );
  return (
    JSON.stringify(
      {
        name,
        version: `${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 20)}`,
        description: `${random.word()} ${random.word()} ${random.word()}`,
        main: 'index.js',
        license: random.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause']),
        dependencies: deps,
      },
      null,
      2,
    ) + '\n'
  );
}

/** package-lock.json v3 with `count` packages (integrity hashes are random, as they look). */
export function packageLock(random, name, count) {
  const packages = { '': { name, version: '1.0.0' } };
  for (let i = 0; i < count; i++) {
    const pkg = `${random.word()}${i}`;
    const version = `${random.int(0, 12)}.${random.int(0, 30)}.${random.int(0, 20)}`;
    packages[`node_modules/${pkg}`] = {
      version,
      resolved: `https://registry.npmjs.org/${pkg}/-/${pkg}-${version}.tgz`,
      integrity: `sha512-${random.bytes(64).toString('base64')}`,
      license: 'MIT',
    };
  }
  return JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

export function yarnLock(random, count) {
  const entries = [];
  for (let i = 0; i < count; i++) {
    const pkg = `${random.word()}${i}`,
      version = `${random.int(0, 12)}.${random.int(0, 30)}.${random.int(0, 20)}`;
    entries.push(
      `${pkg}@^${version}:\n  version "${version}"\n  resolved "https://registry.yarnpkg.com/${pkg}/-/${pkg}-${version}.tgz#${random.bytes(20).toString('hex')}"\n  integrity sha512-${random.bytes(64).toString('base64')}\n`,
    );
  }
  return `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n${entries.join('\n')}`;
}

export function goSum(random, count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const mod = `github.com/${random.word()}/${random.word()}`,
      version = `v${random.int(0, 3)}.${random.int(0, 30)}.${random.int(0, 20)}`;
    lines.push(`${mod} ${version} h1:${random.bytes(32).toString('base64')}`, `${mod} ${version}/go.mod h1:${random.bytes(32).toString('base64')}`);
  }
  return lines.join('\n') + '\n';
}

export function cargoLock(random, count) {
  const entries = ['# This file is automatically @generated by Cargo.\nversion = 3\n'];
  for (let i = 0; i < count; i++) {
    entries.push(
      `[[package]]\nname = "${random.word()}-${random.word()}"\nversion = "${random.int(0, 3)}.${random.int(0, 30)}.${random.int(0, 20)}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${random.bytes(32).toString('hex')}"\n`,
    );
  }
  return entries.join('\n');
}

/** A GitHub Actions workflow with no Sigstore content (the common case). */
export function plainWorkflow(random) {
  return `name: ${random.word()}\non:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n  contents: read\njobs:\n  ${random.word()}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0\n        with:\n          node-version: ${random.pick([18, 20, 22])}\n      - run: npm ci\n      - run: npm run ${random.word()}\n      - run: npm test -- --${random.word()}\n`;
}

/** A Kubernetes Deployment + Service. */
export function k8sManifest(random) {
  const name = `${random.word()}-${random.word()}`;
  const env = Array.from(
    { length: random.int(1, 8) },
    () => `            - name: ${random.word().toUpperCase()}_${random.word().toUpperCase()}\n              value: "${random.word()}"`,
  ).join('\n');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  replicas: ${random.int(1, 6)}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: ${name}\n          image: ghcr.io/${random.word()}/${name}:${random.int(1, 9)}.${random.int(0, 20)}.${random.int(0, 9)}\n          ports:\n            - containerPort: ${random.int(3000, 9000)}\n          env:\n${env}\n          resources:\n            limits:\n              cpu: ${random.int(100, 2000)}m\n              memory: ${random.int(64, 2048)}Mi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: ${random.int(3000, 9000)}\n`;
}

export function helmValues(random) {
  return Array.from(
    { length: random.int(5, 40) },
    () => `${random.word()}:\n  enabled: ${random.pick(['true', 'false'])}\n  ${random.word()}: "${random.word()}"\n  replicas: ${random.int(1, 9)}\n`,
  ).join('');
}

export function jsonData(random, size) {
  const items = [];
  let length = 0;
  while (length < size) {
    const item = JSON.stringify({
      id: random.int(1, 1e9),
      name: `${random.word()} ${random.word()}`,
      tags: [random.word(), random.word()],
      score: random.next(),
      active: random.chance(0.5),
      [random.word()]: random.word(),
    });
    items.push(item);
    length += item.length + 4;
  }
  return `[\n  ${items.join(',\n  ')}\n]\n`;
}

/** A PEM block with random base64 body: certificates and public keys are everywhere and are not secrets. */
export function decoyPem(random, label) {
  const body = random
    .bytes(random.int(600, 1200))
    .toString('base64')
    .match(/.{1,64}/g)
    .join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
