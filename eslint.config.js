// Lint rules that keep the layers apart: each layer imports only what it may.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron.',
};
const noKeytar = {
  name: 'keytar',
  message: 'keytar is wrapped by electron/services/keychain.ts only.',
};

/** Tests may import test code (the test server and helpers, all under e2e/). */
const testFiles = ['**/*.test.ts'];
const noTestCode = {
  group: ['**/e2e/**'],
  message: 'Product code never imports test code (it lives under e2e/).',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron, noKeytar] }],
      'no-restricted-properties': [
        'error',
        {
          property: 'openExternal',
          message: 'Use openExternalUrl() in electron/main/external-links.ts.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noKeytar],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', '**/e2e/**'],
              message: 'shared/ imports nothing of the other layers.',
            },
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'os'],
              message: 'shared/ is pure: no Node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noKeytar],
          patterns: [
            {
              group: ['**/electron/**', '**/e2e/**'],
              message: 'renderer/ imports only shared/ and browser packages.',
            },
            { group: ['node:*'], message: 'renderer/ has no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts', 'e2e/electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noKeytar] }] },
  },
  {
    // Product code never imports test code (the test server, proxies, fixtures): only tests do.
    // Web mode is handed its demo server by the start scripts (scripts/demo-server.ts).
    files: ['electron/{app,services,cli,web}/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noKeytar],
          patterns: [noTestCode],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/e2e\\u002F/]',
          message: 'Product code never imports test code, dynamically either.',
        },
      ],
    },
  },
  {
    // The services are the core: the app, web mode, the CLI and the shell build on them, never the reverse.
    files: ['electron/services/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noKeytar],
          patterns: [
            noTestCode,
            {
              group: [
                '**/app/**',
                '**/web/**',
                '**/cli/**',
                '**/main/**',
                '../app',
                '../web',
                '../cli',
                '../main',
              ],
              message: 'electron/services never imports the app, web mode, the CLI or the shell.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/keychain.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['electron/main/external-links.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
