import tseslint from 'typescript-eslint';

// Hostile YAML (2 MB of `[`) costs the parser minutes and gigabytes: every parse goes through parseYaml
// (src/engine/yaml/parse.ts), which refuses text nested too deeply before parsing.
const YAML_PARSERS = {
  name: 'yaml',
  importNames: ['parse', 'parseDocument', 'parseAllDocuments', 'Parser', 'Composer', 'Lexer'],
  message: 'Parse YAML with parseYaml (src/engine/yaml/parse.ts): it refuses text nested too deeply before parsing.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.e2e/**', 'demo/workspace/**', 'bench/.work/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The engine and the CLI run outside the editor: they must never depend on the VS Code API.
    files: ['src/engine/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/engine and src/cli must not import vscode: pass plain options and data instead.' }, YAML_PARSERS],
          patterns: [
            {
              group: ['@sigstore/*/dist/*'],
              message:
                'Private @sigstore modules (dist/) may change in any release: use the public API, or the steps vendored in src/engine/verify/vendor/sigstore-verify/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code vendored from @sigstore/verify (see its NOTICE) keeps its upstream text, unused catch bindings included.
    files: ['src/engine/verify/vendor/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The one guarded entry point to the YAML parser (nesting depth checked first).
    files: ['src/engine/yaml/parse.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/engine and src/cli must not import vscode: pass plain options and data instead.' }] },
      ],
    },
  },
  {
    // Every git process is described by src/engine/process/git-command.ts (absolute git, hardened -c settings and
    // environment, timeouts), every ripgrep process by src/engine/process/rg-command.ts (absolute rg outside the
    // workspace, --no-config, refused flags, timeout), every watchman client by src/engine/process/watchman-command.ts
    // (absolute, outside the workspace, never starting a service, timeout): no other module may start a process
    // and forget them. Everything else that handles processes (git-process.ts: streamed git for the history scans)
    // lives in src/engine/process/ too and starts them through these.
    files: ['src/**/*.ts'],
    ignores: ['src/engine/process/git-command.ts', 'src/engine/process/rg-command.ts', 'src/engine/process/watchman-command.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[importKind!='type'][source.value=/^(node:)?child_process$/]",
          message:
            'Start git through src/engine/process/git-command.ts (execGit/spawnGit), ripgrep through src/engine/process/rg-command.ts and watchman through src/engine/process/watchman-command.ts, which harden every call.',
        },
      ],
    },
  },
  {
    // The engine is a separate bundle (dist/engine.js) loaded after activation: the adapter takes engine
    // values only through src/vscode/engine-loader.ts, so that they stay out of dist/extension.js.
    // Type imports are erased at build time. engine/verify/errors is a dependency-free leaf the verify
    // command needs before (or without) any bundle loading; engine/text/display-escape is one the log needs.
    files: ['src/vscode/**/*.ts'],
    ignores: ['src/vscode/engine-loader.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:\\.\\./)+engine/(?!verify/errors$|text/display-escape$)',
              allowTypeImports: true,
              message: 'Take engine values through engine() from src/vscode/engine-loader.ts (or use `import type`): the engine is loaded after activation.',
            },
          ],
        },
      ],
    },
  },
);
