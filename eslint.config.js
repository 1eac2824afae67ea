// Lint, including the layer rules of the architecture: a wrong import across
// layers fails `npm test` (see test/unit/layers.test.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];

const noNode = { group: nodeBuiltins, message: '这一层不能使用 Node 内置模块（layer rule: no Node built-ins here）.' };
const noElectron = { group: ['electron', 'electron/*'], message: '只有 electron/main 和 electron/preload 可以导入 electron（layer rule）.' };
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'antd', 'antd/*', 'ag-grid-*', 'ag-grid-*/**', '@ag-grid-community/*'], message: 'UI libraries belong to renderer/ only (layer rule).' };
const noRenderer = { group: ['**/renderer/**', '**/renderer'], message: 'Only the renderer may import renderer code (layer rule).' };
const noElectronFolder = { group: ['**/electron/**', '**/electron'], message: 'shared/ and renderer/ must not import main-process code (layer rule).' };
const noMainFromCore = { group: ['**/main/**', '**/preload/**'], message: 'electron/core is plain Node code: it must not import the Electron shell (layer rule).' };
const noDb = { group: ['better-sqlite3', 'kysely', 'docx', 'exceljs', 'playwright-core'], message: 'Main-process libraries do not belong here (layer rule).' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-renderer/**', 'dist-electron/**', 'release/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noReact, noRenderer, noElectronFolder, noDb] }] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noElectronFolder, noDb] }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/host/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noReact, noRenderer, noMainFromCore] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact, noRenderer] }] },
  },
  {
    files: ['test/**/*.ts', 'build/**/*.{ts,mjs,js}', 'bin/**/*.mjs', 'renderer/vite.config.ts', '*.js', '*.ts'],
    languageOptions: { globals: globals.node },
  },
);
