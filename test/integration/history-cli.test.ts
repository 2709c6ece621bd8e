// `keyward scan --history` run as a process (the built dist/cli.js): text and JSON output on the history
// fixture, and the refusals. scanHistory itself is tested in test/unit/engine/history/history-scan.test.ts.
import { strict as assert } from 'node:assert';
import { after, describe, test } from 'node:test';
import { buildHistoryRepo, cleanupRepos, runKeyward } from '../helpers/history-test-repo';
import { assertNoSecretLeak } from '../helpers/keys';

after(cleanupRepos);

describe('keyward scan --history on a real repository', () => {
  const { repo, keys, commits } = buildHistoryRepo();
  test('the CLI: text output, exit code 1, JSON with history fields', () => {
    const text = runKeyward(['scan', '--history'], repo.root);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /5 finding\(s\)/);
    for (const key of Object.values(keys)) assertNoSecretLeak(text.stdout + text.stderr, key.text);
    const json = runKeyward(['scan', '--history', '--format', 'json'], repo.root);
    const parsed = JSON.parse(json.stdout);
    const e = parsed.findings.find((f: { path: string }) => f.path === 'feature/e.pem');
    assert.equal(e.commit, commits.f1);
    assert.equal(e.presentAtHead, false);
  });
});

describe('keyward scan --history refusals', () => {
  test('the CLI explains that --history needs git when --untrusted is given', () => {
    const run = runKeyward(['scan', '--history', '--untrusted'], process.cwd());
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--history reads the repository with git, which --untrusted forbids/);
  });

  test("outside a repository: exit 2 with git's reason", () => {
    const run = runKeyward(['scan', '--history'], '/');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--history: .*not inside a git repository/);
  });
});
