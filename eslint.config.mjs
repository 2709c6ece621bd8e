import tseslint from 'typescript-eslint';

// Hostile YAML (2 MB of `[`) costs the parser minutes and gigabytes: every parse goes through parseYaml
// (src/engine/yaml/parse.ts), which refuses text nested too deeply before parsing.
const YAML_PARSERS = { name: 'yaml', importNames: ['parse', 'parseDocument', 'parseAllDocuments', 'Parser', 'Composer', 'Lexer'], message: 'Parse YAML with parseYaml (src/engine/yaml/parse.ts): it refuses text nested too deeply before parsing.' };

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
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/engine and src/cli must not import vscode: pass plain options and data instead.' }, YAML_PARSERS] }],
    },
  },
  {
    // The one guarded entry point to the YAML parser (nesting depth checked first).
    files: ['src/engine/yaml/parse.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The engine is a separate bundle (dist/engine.js) loaded after activation: the adapter takes engine
    // values only through src/vscode/engine-loader.ts, so that they stay out of dist/extension.js.
    // Type imports are erased at build time. engine/verify/errors is a dependency-free leaf the verify
    // command needs before (or without) any bundle loading.
    files: ['src/vscode/**/*.ts'],
    ignores: ['src/vscode/engine-loader.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:\\.\\./)+engine/(?!verify/errors$)',
              allowTypeImports: true,
              message: 'Take engine values through engine() from src/vscode/engine-loader.ts (or use `import type`): the engine is loaded after activation.',
            },
          ],
        },
      ],
    },
  },
);
