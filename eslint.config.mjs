// ESLint: typescript-eslint's recommended rules for all TypeScript, plus the Lit and web-component rules of this
// ecosystem (eslint-plugin-lit, eslint-plugin-wc) for src/. Formatting is Prettier's job (npm run format).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.tmp/', 'test/apps/**/node_modules/', 'test/apps/**/.*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
  },
  {
    rules: {
      // Unused names are errors, except a deliberate `_` and the rest of a destructuring that drops keys.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      // Chai's property assertions (`expect(x).to.exist`) are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // Compile-only typings tests: a parameter is there to have its type asserted (`typeof event`).
    files: ['test/types/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // Nuxt's server routes use its auto-imported helpers.
    files: ['test/apps/nuxt/server/**'],
    languageOptions: {
      globals: {
        defineEventHandler: 'readonly',
        useRuntimeConfig: 'readonly',
        createError: 'readonly',
        setResponseHeaders: 'readonly',
      },
    },
  },
  {
    // Node scripts and configs; the emulator's and demo's pages run in the browser.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
