// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/**
 * The import rules of DESIGN.md: app → contract, banking; bff → contract, banking;
 * api → contract, banking, demo; contract, banking, demo → none of app, bff, api.
 * (cli starts the servers, so it may import api and bff; nothing imports cli.)
 */
const layerZones = [
  { target: './src/app', from: ['./src/api', './src/bff', './src/demo', './src/cli'] },
  { target: './src/bff', from: ['./src/api', './src/app', './src/demo', './src/cli'] },
  { target: './src/api', from: ['./src/app', './src/bff', './src/cli'] },
  { target: './src/contract', from: ['./src/app', './src/bff', './src/api', './src/demo', './src/cli'] },
  {
    target: './src/banking',
    from: ['./src/app', './src/bff', './src/api', './src/demo', './src/cli', './src/contract'],
  },
  { target: './src/demo', from: ['./src/app', './src/bff', './src/api', './src/cli'] },
].map((zone) => ({ ...zone, message: 'DESIGN.md import rules forbid this dependency between parts.' }));

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.data/',
      'playwright-report/',
      'test-results/',
      'e2e/screenshots/',
      'bench/results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    files: ['bench/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
