// The cases of bench/hostile-keys.mjs: the shapes of the unit tests' linear-work checks (pem-performance,
// fuzz-worst-case, shell-lexer, shell-extract, shell-yaml-scalar, rules-kw105…kw109) at 1 MB.
// `engine(path)` loads a module of out/src/engine; it is called only when a case is built.
import { createRequire } from 'node:module';

const MB = 1 << 20;
const fill = (unit, size = MB) => unit.repeat(Math.max(1, Math.round(size / unit.length)));
const requireHere = createRequire(import.meta.url);

/** One case: `name`, and `build()` giving the input size in bytes and the function to measure. */
const measured = (name, text, run) => ({
  name,
  build: () => {
    const input = text(); // built before the measurement starts
    return { bytes: input.length, run: () => run(input) };
  },
});
const each = (prefix, inputs, run) => Object.entries(inputs).map(([name, text]) => measured(`${prefix}: ${name}`, text, run));

export function hostileKeyCases(engine) {
  const scanFile = (path, text, kind) => {
    const { RULES } = engine('rules/registry.js');
    const rules = RULES.filter((rule) => kind(rule.meta));
    return engine('scan/scanner.js').scanFile({ path, text, committed: true }, { rules });
  };
  const pemRule = (meta) => ['KW100', 'KW101', 'KW102', 'KW103', 'KW104'].includes(meta.id);
  const keyRule = (meta) => meta.kind === 'key';
  const configRule = (meta) => meta.kind !== 'key';
  const emptyPem = '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n';

  const pemInputs = {
    'dashes only': () => fill('-'),
    'unclosed BEGIN markers': () => fill('-----BEGIN PRIVATE KEY-----'),
    'label that never closes': () => `-----BEGIN ${fill('A B ')}`,
    'many empty blocks': () => fill(emptyPem),
    'backslash runs in a body': () => `-----BEGIN PRIVATE KEY-----\n${fill('\\', MB / 2)}n\n-----END PRIVATE KEY-----`,
    'quote toggles in a string': () => `"-----BEGIN PRIVATE KEY-----${fill('" + "\\n', MB / 2)}-----END PRIVATE KEY-----"`,
    // Just under the body cap (armor.ts MAX_BODY_CHARS): decodes to "ABCABC…", text without blanks.
    'a 500 KB body of QUJD (the placeholder prose check)': () => `-----BEGIN PRIVATE KEY-----\n${fill('QUJD', 500 * 1024)}\n-----END PRIVATE KEY-----`,
    'decoration prefixes': () => fill('# # # # # # -----BEGIN PRIVATE KEY-----\n# '),
    'many LS0t tokens': () => fill(`${Buffer.from(emptyPem).toString('base64')} `),
    'wrapped base64 lines': () => `LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t${'A'.repeat(40)}\n${fill(`${'A'.repeat(76)}\n`)}`,
  };
  const keyInputs = {
    'AGE-SECRET-KEY prefixes': () => fill('AGE-SECRET-KEY-1'),
    'age identities with a wrong checksum': () => fill(`AGE-SECRET-KEY-1${'Q'.repeat(58)} `),
    'untrusted comment lines': () => fill('untrusted comment: minisign secret key\n'),
    'endless base64 line after a comment': () => `untrusted comment: x\n${fill('RWRTY0Iy', MB - 30)}`,
    'PuTTY line count that lies': () => `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: x\nPublic-Lines: 99999999\n${fill('AAAA\n', MB / 2)}`,
    'MII base64 runs': () => fill(['MIIKeAIBAzCCCj4GCSqGSIb3', 'DQEHAaCCCi8EggorMIIKJzCCBg'].join('')),
    'wrapped keystore lines': () => fill(`${'/u3+7QAAAAIAAAAB'.padEnd(64, 'A')}\n`),
    'JWK members without end': () => `{"kty":"EC","d":"${fill('A', MB - 40)}`,
    'many JWK-ish objects': () => fill('{"kty":"RSA","d":"x","n":"y"},'),
    'deeply nested JSON': () => `${fill('[', MB / 2)}${fill(']', MB / 2)}`,
    'quotes and escapes': () => `"${fill('\\"', MB - 2)}"`,
  };
  const shellInputs = {
    'lexer, nested $(': ['x.sh', () => fill('$(')],
    'lexer, many quotes': ['x.sh', () => fill(`'a'"b"`)],
    'lexer, heredoc without end': ['x.sh', () => `cat <<EOF\n${fill('line\n')}`],
    Makefile: ['Makefile', () => `all:\n${fill('\t$$$$(cosign) \\\n')}`],
    'Dockerfile exec form': ['Dockerfile', () => `RUN [${fill('"cosign", ')}"x"]\n`],
    'package.json scripts': ['package.json', () => `{"scripts": {"a": "${fill('cosign \\"x\\" ')}"}}`],
    'README console continuation': ['README.md', () => `\`\`\`console\n${fill('$ cosign \\\n')}`],
    'workflow run block': ['.github/workflows/x.yml', () => `jobs:\n  a:\n    steps:\n      - run: |\n${fill('          cosign verify "x" \\\n')}`],
  };
  const configInputs = {
    'identity regexp of alternations': ['x.sh', () => `cosign verify --certificate-identity-regexp '${fill('.*(a|a)*', MB - 100)}' img\n`],
    'nested substitutions': ['x.sh', () => `cosign verify ${fill('"$(', MB - 100)} img\n`],
    '256 KB of flags': ['x.sh', () => `cosign sign ${fill('--tlog-upload=false ', MB / 4)}img\n`],
    '256 KB of assignments': ['x.sh', () => fill('COSIGN_PASSWORD=x COSIGN_EXPERIMENTAL=1 ', MB / 4)],
    '256 KB of workflow env': ['.github/workflows/x.yml', () => `env:\n${fill('  COSIGN_PASSWORD: literal\n', MB / 4)}`],
  };
  const bundleOptions = { artifact: { digest: `sha256:${'0'.repeat(64)}` }, policy: { identity: 'x', issuer: 'y' } };
  const bundles = {
    'deep nesting': () => `${fill('[', MB / 2)}${fill(']', MB / 2)}`,
    'many tlog entries': () =>
      `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"tlogEntries":[${fill('{"logIndex":"1"},', MB - 200)}{}]}}`,
  };

  return [
    ...each('PEM, findPemBlocks and KW100-KW104', pemInputs, (text) => {
      engine('keys/pem.js').findPemBlocks(text);
      scanFile('adversarial.txt', text, pemRule);
    }),
    ...each('key finders, JSON span parser and key rules', keyInputs, (text) => {
      for (const [file, name] of [
        ['keys/age.js', 'findAgeIdentities'],
        ['keys/minisign.js', 'findMinisignSignifyKeys'],
        ['keys/putty.js', 'findPuttyKeys'],
        ['keys/keystore.js', 'findBase64Keystores'],
        ['keys/jwk.js', 'findJwkPrivateKeys'],
      ])
        engine(file)[name](text, undefined);
      engine('text/json-spans.js').parseJsonAt(text, 0);
      for (const path of ['key.txt', 'id_ed25519.ppk', 'secret.json', 'keystore.yaml']) scanFile(path, text, keyRule);
    }),
    ...Object.entries(shellInputs).map(([name, [path, text]]) =>
      measured(`shell view: ${name}`, text, (input) => engine('shell/view.js').buildShellView(path, input, (n) => /^(COSIGN|SIGSTORE)_/.test(n))),
    ),
    {
      name: 'YAML scalar: 1 MB folded run block',
      build: () => {
        const text = `run: >\n${fill('  cosign verify --key k img\n')}`;
        const node = requireHere('yaml').parseDocument(text, { keepSourceTokens: true }).get('run', true);
        return { bytes: text.length, run: () => engine('shell/extract/yaml-scalar.js').mapYamlScalar(text, node) };
      },
    },
    ...Object.entries(configInputs).map(([name, [path, text]]) => measured(`cosign rules: ${name}`, text, (input) => scanFile(path, input, configRule))),
    ...each('bundle reader', bundles, (bundle) => engine('verify/index.js').verifyBundle({ ...bundleOptions, bundle })),
  ];
}
