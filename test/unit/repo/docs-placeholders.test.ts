import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { buildCosignView } from '../../../src/engine/cosign/view';
import { RULES } from '../../../src/engine/rules/registry';
import { scanFile } from '../../../src/engine/scan/scanner';
import { parseShell } from '../../../src/engine/shell/parser';

/** Rule ids and 1-based lines of every finding of the full rule set on one Markdown shell block. */
function findingsIn(commands: string, path = 'docs/usage.md'): string[] {
  const text = `# Usage\n\n\`\`\`sh\n${commands}\n\`\`\`\n`;
  return scanFile({ path, text, committed: true }, { rules: RULES }).map((f) => `${f.ruleId}:${f.startPosition.line - 2}`);
}

test('docs placeholders: <file> keeps the arguments that follow it (right rule, nothing missed)', () => {
  // `<version> \` used to redirect into the next line's --certificate-identity-regexp: a false KW302.
  const regexp =
    "cosign verify aquasec/trivy:<version> \\\n--certificate-identity 'https://github.com/aquasecurity/trivy/.github/workflows/release.yaml@refs/tags/v1.0.0' \\\n--certificate-oidc-issuer https://token.actions.githubusercontent.com";
  assert.deepEqual(findingsIn(regexp), []);
  // `--bundle <file> --key cosign.key`: the key is seen (KW201), the bundle too (no KW208).
  assert.deepEqual(findingsIn('cosign sign-blob --bundle <file> --key cosign.key <file>'), ['KW201:1']);
  // `--certificate-identity=<identity>` keeps the issuer flag that follows.
  assert.deepEqual(findingsIn('cosign verify --certificate-identity=<identity> --certificate-oidc-issuer=<issuer> <image>'), []);
  // A placeholder password is not an empty password (KW203), and the command it prefixes is still read.
  assert.deepEqual(findingsIn('COSIGN_PASSWORD=<my_password> cosign sign --key cosign.key <image uri>'), ['KW201:1']);
  assert.deepEqual(
    findingsIn('cosign verify-blob --bundle {bundle} --certificate-identity me@example.com --certificate-oidc-issuer https://accounts.google.com {file}'),
    [],
  );
});

test('docs placeholders: real omissions are still reported', () => {
  assert.deepEqual(findingsIn('cosign verify <image>'), ['KW302:1']);
  assert.deepEqual(findingsIn('cosign sign-blob --key cosign.key --output-signature sig <file>'), ['KW208:1', 'KW201:1']);
  assert.deepEqual(findingsIn('COSIGN_PASSWORD= cosign sign --key cosign.key <image uri>'), ['KW203:1', 'KW201:1']);
});

test('docs placeholders: scripts keep shell semantics, and documentation keeps real redirections', () => {
  // In a script `<file>` IS a redirection: the command loses --key (shell semantics are not changed).
  const script = scanFile({ path: 'sign.sh', text: 'cosign sign-blob --bundle <file> --key cosign.key x\n', committed: true }, { rules: RULES });
  assert.deepEqual(
    script.map((f) => f.ruleId),
    [],
  );
  const view = buildCosignView(
    'docs/a.md',
    '```sh\ncosign verify-blob --bundle b.json --key k.pub < in.txt > out.txt\ncosign verify-blob --key k.pub a <in.txt >out.txt\ncat <<EOF\ncosign\nEOF\n```\n',
  );
  const words = view.commands.map((c) => c.invocation.argv.map((w) => w.value).join(' '));
  assert.deepEqual(words, ['cosign verify-blob --bundle b.json --key k.pub', 'cosign verify-blob --key k.pub a']);
  // The lexer default (no placeholders option) is unchanged.
  assert.deepEqual(
    parseShell('a <b> c').map((c) => c.args.map((w) => w.value)),
    [['a']],
  );
  assert.deepEqual(
    parseShell('a <b> c', { placeholders: true }).map((c) => c.args.map((w) => w.value)),
    [['a', '<b>', 'c']],
  );
});

test('usage synopses and --help text are not commands', () => {
  assert.deepEqual(findingsIn('cosign verify [options] <image>'), []);
  assert.deepEqual(findingsIn('cosign sign [flags]'), []);
  assert.deepEqual(findingsIn('cosign verify [flags] IMAGE'), []);
  assert.deepEqual(findingsIn('Usage: cosign verify [IMAGE]'), []);
  assert.deepEqual(findingsIn('  cosign sign --key <key path>|<kms uri> [--payload <path>] [-a key=value] <image uri>'), []);
  // A real command next to them is still read; a `[ … ]` test is not a synopsis.
  assert.deepEqual(findingsIn('cosign sign [flags]\ncosign verify <image>'), ['KW302:2']);
  assert.deepEqual(findingsIn('[ -n "$IMAGE" ] && cosign verify "$IMAGE"'), ['KW302:1']);
  // Outside documentation a bracketed word is a glob argument: still a command.
  const script = scanFile({ path: 'verify.sh', text: 'cosign verify [flags]\n', committed: true }, { rules: RULES });
  assert.deepEqual(
    script.map((f) => f.ruleId),
    ['KW302'],
  );
});
