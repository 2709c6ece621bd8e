import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cosignPasswordLiteral } from '../../../../src/engine/rules/kw203-cosign-password-literal';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = cosignPasswordLiteral;
const SECRET = 'Tr0ub4dor.3x';

test('KW203 finds literal COSIGN_PASSWORD values in every kind of file, and never echoes them', () => {
  const cases: [string, string, string][] = [
    ['sign.sh', `export COSIGN_PASSWORD='${SECRET}'\n`, `COSIGN_PASSWORD='${SECRET}'`],
    ['sign.sh', `COSIGN_PASSWORD=${SECRET} cosign sign --key k img\n`, `COSIGN_PASSWORD=${SECRET}`],
    ['.env', `COSIGN_PASSWORD=${SECRET}\n`, `COSIGN_PASSWORD=${SECRET}`],
    ['Dockerfile', `ENV COSIGN_PASSWORD=${SECRET}\n`, `COSIGN_PASSWORD=${SECRET}`],
    ['Dockerfile', `ENV COSIGN_PASSWORD ${SECRET}\n`, `COSIGN_PASSWORD ${SECRET}`],
    ['Dockerfile', `ARG COSIGN_PASSWORD=${SECRET}\n`, `COSIGN_PASSWORD=${SECRET}`],
    ['Makefile', `COSIGN_PASSWORD := ${SECRET}\n`, `COSIGN_PASSWORD := ${SECRET}`],
    ['.github/workflows/r.yml', `env:\n  COSIGN_PASSWORD: "${SECRET}"\n`, `COSIGN_PASSWORD: "${SECRET}"`],
    ['.gitlab-ci.yml', `variables:\n  COSIGN_PASSWORD: ${SECRET}\n`, `COSIGN_PASSWORD: ${SECRET}`],
    ['deploy/job.yaml', `env:\n  - name: COSIGN_PASSWORD\n    value: "${SECRET}"\n`, 'COSIGN_PASSWORD'],
    ['package.json', `{"scripts": {"s": "cross-env COSIGN_PASSWORD=${SECRET} cosign sign --key k img"}}`, `COSIGN_PASSWORD=${SECRET}`],
  ];
  for (const [path, text, expected] of cases) {
    const finding = only(rule, path, text);
    assert.ok(covered(text, finding).startsWith(expected), `${path}: ${covered(text, finding)}`);
    assert.equal(finding.severity, 'error', path);
    assert.ok(!finding.message.includes(SECRET) && !finding.identity.includes(SECRET) && !finding.fingerprint.includes(SECRET), 'the password is masked');
  }
});

test('KW203: an empty password means an unencrypted key', () => {
  for (const text of ['COSIGN_PASSWORD="" cosign generate-key-pair\n', "export COSIGN_PASSWORD=''\n", 'COSIGN_PASSWORD=\n']) {
    assert.match(only(rule, 'a.sh', text).message, /empty/, text);
  }
  assert.match(only(rule, 'w.yml', 'env:\n  COSIGN_PASSWORD: ""\n').message, /empty/);
});

test('KW203 negatives: references to secret stores, variables, templates and valueFrom', () => {
  const cases: [string, string][] = [
    ['a.sh', 'export COSIGN_PASSWORD="$PASSWORD"\n'],
    ['a.sh', 'COSIGN_PASSWORD=$(vault read -field=pw secret/cosign) cosign sign --key k img\n'],
    ['a.sh', 'read -rs COSIGN_PASSWORD\nexport COSIGN_PASSWORD\n'],
    ['.github/workflows/r.yml', 'env:\n  COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}\n'],
    ['.gitlab-ci.yml', 'variables:\n  COSIGN_PASSWORD: $COSIGN_PASSWORD_VAR\n'],
    ['.goreleaser.yml', "signs:\n  - stdin: '{{ .Env.COSIGN_PASSWORD }}'\n    env:\n      - COSIGN_PASSWORD={{ .Env.PW }}\n"],
    ['job.yaml', 'env:\n  - name: COSIGN_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: cosign, key: password }\n'],
    ['a.sh', 'echo "COSIGN_PASSWORD=literal is bad"\n'],
  ];
  for (const [path, text] of cases) assert.deepEqual(scan(rule, path, text), [], `${path}: ${text}`);
});

test('KW203 in examples and docs is information', () => {
  assert.equal(only(rule, '.env.example', 'COSIGN_PASSWORD=changeme\n').severity, 'information');
  assert.equal(only(rule, 'README.md', '```sh\nexport COSIGN_PASSWORD=changeme\n```\n').severity, 'information');
});
