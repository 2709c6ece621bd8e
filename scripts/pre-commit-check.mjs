// The pre-commit hook as users install it, with the real pre-commit tool: a repository whose
// .pre-commit-config.yaml points at a git copy of this repository (a fresh clone: no dist/, so pre-commit's
// `npm install` + `npm pack` must build it), `pre-commit install`, then real commits: a clean one passes, one
// that adds a key generated just now is blocked (and the output names the finding, never the key).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, copyRepository, expect, mustRun, run, tempDir, writeGeneratedKey } from './lib/package-checks.mjs';

const work = tempDir('keyward-pre-commit-');
// Isolated from the machine's git and pre-commit settings (a global core.hooksPath makes `pre-commit install`
// refuse); npm keeps its own cache, so the hook's `npm install` reuses what `npm ci` downloaded.
const env = cleanEnv({
  PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
  GIT_CONFIG_GLOBAL: join(work, 'gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  PRE_COMMIT_COLOR: 'never',
});
writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\tname = Keyward test\n\temail = test@keyward.invalid\n[init]\n\tdefaultBranch = main\n');
const git = (cwd, ...args) => mustRun('git', args, { cwd, env }).stdout.trim();

console.log(`· ${mustRun('pre-commit', ['--version'], { env }).stdout.trim()}, Node ${process.version}`);
const hooks = copyRepository(join(work, 'hooks'));
expect(!existsSync(join(hooks, 'dist')), 'the hook repository has no dist/ (as a fresh clone)');
git(hooks, 'init', '--quiet');
git(hooks, 'add', '--all');
git(hooks, 'commit', '--quiet', '--message', 'keyward under test');
const rev = git(hooks, 'rev-parse', 'HEAD');

const project = join(work, 'project');
git(work, 'init', '--quiet', project);
writeFileSync(join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${JSON.stringify(hooks)}\n    rev: ${rev}\n    hooks:\n      - id: keyward\n`);
writeFileSync(join(project, 'README.md'), '# project\n');
git(project, 'add', '--all');
git(project, 'commit', '--quiet', '--message', 'initial');
mustRun('pre-commit', ['install'], { cwd: project, env });

console.log('· pre-commit install-hooks (npm install, npm pack with the prepack build, npm install -g)');
const install = run('pre-commit', ['install-hooks'], { cwd: project, env });
expect(install.status === 0, 'pre-commit installs the keyward hook', install.stdout + install.stderr);
const envDirs = readdirSync(env.PRE_COMMIT_HOME)
  .map((name) => join(env.PRE_COMMIT_HOME, name, 'node_env-system'))
  .filter((dir) => existsSync(dir));
expect(envDirs.length === 1, "the hook uses the system Node (pre-commit's node_env-system), so nodeenv downloads nothing");
const hookNode = mustRun(join(envDirs[0], 'bin', 'node'), ['--version'], { env }).stdout.trim();
expect(hookNode === process.version, `the hook runs on the Node running these checks (${hookNode})`);

console.log('· git commit (a clean change)');
writeFileSync(join(project, 'notes.txt'), 'nothing secret here\n');
git(project, 'add', 'notes.txt');
const clean = run('git', ['commit', '--message', 'clean change'], { cwd: project, env });
expect(clean.status === 0 && /keyward.*Passed/.test(clean.stdout + clean.stderr), 'a clean commit passes the hook', clean.stdout + clean.stderr);
const afterClean = git(project, 'rev-parse', 'HEAD');

console.log('· git commit (adds a private key)');
const keyLines = writeGeneratedKey(join(project, 'deploy', 'signing.pem'));
git(project, 'add', 'deploy/signing.pem');
const blocked = run('git', ['commit', '--message', 'add a key'], { cwd: project, env });
const output = blocked.stdout + blocked.stderr;
expect(blocked.status !== 0 && /keyward.*Failed/.test(output), 'a commit that adds a private key is blocked', output);
expect(git(project, 'rev-parse', 'HEAD') === afterClean, 'no commit was made');
expect(/deploy\/signing\.pem/.test(output) && /\bKW101\b/.test(output), 'the hook output names the file and KW101', output);
expect(!keyLines.some((line) => output.includes(line)), 'no line of the key is printed');
console.log('pre-commit hook: all checks passed');
