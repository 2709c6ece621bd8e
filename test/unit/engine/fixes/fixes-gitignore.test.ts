import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import ignore from 'ignore';
import { addToGitignoreEdits, GITIGNORE_COMMENT, gitignoreEntry } from '../../../../src/engine/fixes/gitignore';
import type { TextEdit } from '../../../../src/engine/types';

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((acc, e) => acc.slice(0, e.range.start) + e.newText + acc.slice(e.range.end), text);
}

/** Applies the fix to a (possibly missing) .gitignore, as the editor does. */
function addTo(text: string | undefined, relPath: string): string {
  return apply(text ?? '', addToGitignoreEdits(text, relPath));
}

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('gitignoreEntry', () => {
  test('anchors to the root and escapes glob characters and spaces', () => {
    assert.equal(gitignoreEntry('secrets/cosign.key'), '/secrets/cosign.key');
    assert.equal(gitignoreEntry('./cosign.key'), '/cosign.key');
    assert.equal(gitignoreEntry('my key [1]*?.pem'), '/my\\ key\\ \\[1]\\*\\?.pem');
    assert.equal(gitignoreEntry('#notacomment.pem'), '/#notacomment.pem');
    assert.equal(gitignoreEntry('!notnegated.pem'), '/!notnegated.pem');
    assert.equal(gitignoreEntry('trailing.pem '), '/trailing.pem\\ ');
  });

  test('rejects paths a .gitignore line cannot hold', () => {
    for (const bad of ['', 'a\nb.pem', '../x.pem', 'a/../../x.pem']) assert.throws(() => gitignoreEntry(bad), RangeError, JSON.stringify(bad));
  });

  test('each entry ignores exactly its file, for git itself and for the ignore package', () => {
    const names = [
      'cosign.key',
      'my key.pem',
      'a*.pem',
      'ab.pem',
      'q?.pem',
      'qa.pem',
      'br[1].pem',
      'br1.pem',
      '#hash.pem',
      '!bang.pem',
      'sp.pem ',
      'd/deep.pem',
      'back\\slash.pem',
    ];
    const root = mkdtempSync(path.join(tmpdir(), 'keyward-gitignore-'));
    made.push(root);
    execFileSync('git', ['init', '-q', root]);
    for (const name of names) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), 'x');
    }
    for (const target of names) {
      writeFileSync(path.join(root, '.gitignore'), `${gitignoreEntry(target)}\n`);
      const ignoredByGit = execFileSync('git', ['ls-files', '-z', '--others', '--ignored', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
        .split('\0')
        .filter(Boolean);
      assert.deepEqual(ignoredByGit, [target], `git, entry for ${JSON.stringify(target)}`);
      const matcher = ignore({ ignorecase: false }).add(gitignoreEntry(target));
      assert.deepEqual(
        names.filter((n) => matcher.ignores(n)),
        [target],
        `ignore package, entry for ${JSON.stringify(target)}`,
      );
    }
  });
});

describe('addToGitignoreEdits', () => {
  test('creates the content of a missing .gitignore', () => {
    assert.equal(addTo(undefined, 'secrets/cosign.key'), `${GITIGNORE_COMMENT}\n/secrets/cosign.key\n`);
    assert.equal(addTo('', 'cosign.key'), `${GITIGNORE_COMMENT}\n/cosign.key\n`);
  });

  test('appends after existing content, adding the missing final line break', () => {
    assert.equal(addTo('node_modules/\n', 'cosign.key'), `node_modules/\n${GITIGNORE_COMMENT}\n/cosign.key\n`);
    assert.equal(addTo('node_modules/', 'cosign.key'), `node_modules/\n${GITIGNORE_COMMENT}\n/cosign.key\n`);
  });

  test('keeps CRLF files CRLF', () => {
    assert.equal(addTo('node_modules/\r\ndist/', 'k.pem'), `node_modules/\r\ndist/\r\n${GITIGNORE_COMMENT}\r\n/k.pem\r\n`);
    assert.equal(addTo('node_modules/\r\n', 'k.pem'), `node_modules/\r\n${GITIGNORE_COMMENT}\r\n/k.pem\r\n`);
  });

  test('is idempotent: applying twice equals applying once', () => {
    for (const start of [undefined, '', 'dist/', 'dist/\r\n']) {
      const once = addTo(start, 'secrets/my key.pem');
      assert.deepEqual(addToGitignoreEdits(once, 'secrets/my key.pem'), []);
      assert.equal(addTo(once, 'secrets/my key.pem'), once);
    }
  });

  test('a second file joins Keyward’s block without a second comment', () => {
    const twice = addTo(addTo('dist/\n', 'a.pem'), 'b.pem');
    assert.equal(twice, `dist/\n${GITIGNORE_COMMENT}\n/a.pem\n/b.pem\n`);
    const afterUserLine = addTo(`${twice}coverage/\n`, 'c.pem');
    assert.equal(afterUserLine, `${twice}coverage/\n${GITIGNORE_COMMENT}\n/c.pem\n`);
  });

  test('no edit when the file is already ignored: same entry, unanchored entry, pattern or folder', () => {
    assert.deepEqual(addToGitignoreEdits('/secrets/cosign.key   \n', 'secrets/cosign.key'), []);
    assert.deepEqual(addToGitignoreEdits('secrets/cosign.key\n', 'secrets/cosign.key'), []);
    assert.deepEqual(addToGitignoreEdits('*.key\n', 'secrets/cosign.key'), []);
    assert.deepEqual(addToGitignoreEdits('secrets/\n', 'secrets/cosign.key'), []);
  });

  test('an earlier negation does not count as ignored: the entry is added after it and wins', () => {
    const text = '*.key\n!/secrets/cosign.key\n';
    const result = addTo(text, 'secrets/cosign.key');
    assert.equal(result, `${text}${GITIGNORE_COMMENT}\n/secrets/cosign.key\n`);
    assert.equal(ignore().add(result).ignores('secrets/cosign.key'), true);
    // A commented-out entry is not an entry.
    assert.notDeepEqual(addToGitignoreEdits('# /cosign.key\n', 'cosign.key'), []);
  });
});
