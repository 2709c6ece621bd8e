#!/usr/bin/env node
// Extracts the pinned commit of each manifest repository from a bare mirror into <fetch-dir>/<owner>+<name>.
// Blobs absent from a partial mirror (large files) are skipped and counted, not fatal: `git archive` stops at the
// first missing object, so the tree is walked with ls-tree and blobs are read through one `cat-file --batch`.
// Usage: node eval/real/extract.mjs --mirror-dir /work/.mirror --fetch-dir /work/realrepos
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, symlinkSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const mirrorDir = resolve(option('--mirror-dir', process.env.KEYWARD_REAL_MIRROR_DIR ?? '/work/.mirror'));
const fetchDir = resolve(option('--fetch-dir', process.env.KEYWARD_REAL_FETCH_DIR ?? '/work/realrepos'));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));

for (const entry of manifest.repos) {
  const slug = entry.repo.replace('/', '+');
  const gitDir = join(mirrorDir, slug, 'repo');
  const target = join(fetchDir, slug);
  if (!existsSync(gitDir)) {
    console.log(`missing mirror: ${entry.repo} (${gitDir})`);
    continue;
  }
  if (existsSync(target)) {
    console.log(`exists, left as is: ${target}`);
    continue;
  }
  const { written, missing } = await extract(gitDir, entry.commit, target);
  console.log(`${entry.repo}@${entry.commit.slice(0, 12)}: ${written} files, ${missing} blobs absent from the mirror`);
}

async function extract(gitDir, commit, target) {
  const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 1 << 30 });
  const entries = listing
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');
      const [mode, type, oid] = meta.split(' ');
      return { mode, type, oid, path };
    })
    .filter((e) => e.type === 'blob');
  const batch = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const reader = batchReader(batch.stdout);
  let written = 0;
  let missing = 0;
  for (const e of entries) {
    batch.stdin.write(`${e.oid}\n`);
    const body = await reader.next();
    if (body === null) {
      missing++;
      continue;
    }
    const file = join(target, e.path);
    mkdirSync(dirname(file), { recursive: true });
    if (e.mode === '120000') {
      try {
        symlinkSync(body.toString('utf8'), file);
      } catch {
        /* duplicate path: ignore */
      }
    } else if (e.mode !== '160000') {
      writeFileSync(file, body);
    }
    written++;
  }
  batch.stdin.end();
  return { written, missing };
}

// Parses `cat-file --batch` answers: "<oid> <type> <size>\n<body>\n" or "<oid> missing\n".
function batchReader(stream) {
  let buffer = Buffer.alloc(0);
  let waiting = null;
  stream.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (waiting) waiting();
  });
  const tryTake = () => {
    const nl = buffer.indexOf(10);
    if (nl < 0) return undefined;
    const header = buffer.subarray(0, nl).toString('utf8');
    if (header.endsWith(' missing')) {
      buffer = buffer.subarray(nl + 1);
      return null;
    }
    const size = Number(header.split(' ')[2]);
    if (buffer.length < nl + 1 + size + 1) return undefined;
    const body = Buffer.from(buffer.subarray(nl + 1, nl + 1 + size));
    buffer = buffer.subarray(nl + 1 + size + 1);
    return body;
  };
  return {
    next: () =>
      new Promise((resolveNext) => {
        const attempt = () => {
          const got = tryTake();
          if (got !== undefined) {
            waiting = null;
            resolveNext(got);
          } else waiting = attempt;
        };
        attempt();
      }),
  };
}
