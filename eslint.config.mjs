// `npm run lint`: ESLint with typescript-eslint's type-aware rules over src/, test/, bench/ (through
// tsconfig.json), and the plain recommended rules over the Node scripts (esbuild.js, scripts/).
// Aimed at this codebase's failure modes: promises nobody awaits or handles, and `any` leaking
// from JSON, `vscode.Command.arguments` and catch variables into typed code.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    // recommendedTypeChecked brings no-explicit-any, the no-unsafe-* family, await-thenable and unbound-method; below, what it leaves out or sets softer.
    rules: {
      // The VS Code API returns Thenables (showErrorMessage, executeCommand, clipboard.writeText): a dropped one is a dropped rejection too.
      '@typescript-eslint/no-floating-promises': ['error', { checkThenables: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      // A promise returned un-awaited inside try escapes its catch and finally.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/require-await': 'error',
      // Relaying a caught `unknown` to reject() passes the original error on; strings and literals are still refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // A destructuring with some of its names reassigned stays one `let`.
      'prefer-const': ['error', { destructuring: 'all' }],
      // `import x = require()` keeps the mutable CommonJS module object that bench/interceptHttps.ts patches.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // The same convention as tsc's noUnusedParameters: a leading underscore marks a deliberately unused name.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Fakes implement the extension's async interfaces (SecretStorage, cache stores) with synchronous bodies; `async` states the contract.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // These tests probe the fake Spotify's raw JSON wire format, read as untyped `Obj` on purpose: a wrong field fails the assertion itself.
    files: ['test/unit/fakeSpotify.test.ts', 'test/unit/fakeSections.test.ts', 'test/unit/fakeItems.test.ts', 'test/unit/fakePlaylistEdits.test.ts', 'test/unit/fakeSearch.test.ts', 'test/unit/fakePlayerControls.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
);
