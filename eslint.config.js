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
// Allow-lists, written as "anything but": a regex with a negative lookahead
// closes what a list of forbidden names leaves open (a new package, another
// shared/ folder).
const engineOnly = {
  regex: String.raw`^(?!\./[\w.-]+\.ts$|\.\./(domain|errors)\.ts$)`,
  caseSensitive: true,
  message: 'shared/engine 是纯计算：只能导入引擎自身的模块、shared/domain.ts 和 shared/errors.ts（layer rule: no zod, no shared/ipc, no Node, no Electron）.',
};
const noHostOrCli = {
  regex: String.raw`^\.{1,2}/(.*/)?(host|cli)/`,
  caseSensitive: true,
  message: 'Neither the services nor the Electron shell import the Chromium host or the command line: those are built on the services, not the other way round (layer rule).',
};
const noDevTools = { group: ['playwright-core', 'playwright-core/*', 'esbuild'], message: 'Development tools belong to electron/host and build/ only: the installer does not ship them (layer rule).' };
const preloadOnly = {
  regex: String.raw`^(?!electron$|(\.\./)+shared/ipc/(channels|client)\.ts$)`,
  caseSensitive: true,
  message: 'The preload imports only electron, the client factory and the channel names (shared/ipc/channels.ts): not the contract, zod or main-process code (layer rule).',
};
// the client factory is bundled into the preload: its values come only from
// the channel names; the contract gives it types only
const clientOnly = {
  regex: String.raw`^(?!\./channels\.ts$)`,
  caseSensitive: true,
  allowTypeImports: true,
  message: 'shared/ipc/client.ts is bundled into the preload: import values only from ./channels.ts, types from elsewhere with `import type` (layer rule).',
};
// `import()` and require() are not seen by no-restricted-imports
const noDynamicElectron = [
  { selector: String.raw`ImportExpression[source.value=/(^|\/)electron(\/|$)/]`, message: 'No dynamic import of electron or main-process code here (layer rule).' },
  { selector: "CallExpression[callee.name='require']", message: 'No require() here: use import, which the layer rules check (layer rule).' },
];
// the engine's results depend on its input only (docs/engine.md)
const noClock = {
  properties: [
    { object: 'Date', property: 'now', message: 'The engine has no clock: take the time as input (layer rule).' },
    { object: 'Math', property: 'random', message: 'The engine has no randomness: results must follow from the input alone (layer rule).' },
    { object: 'performance', property: 'now', message: 'The engine has no clock (layer rule).' },
    { object: 'crypto', property: 'getRandomValues', message: 'The engine has no randomness (layer rule).' },
    { object: 'crypto', property: 'randomUUID', message: 'The engine has no randomness (layer rule).' },
  ],
  syntax: [
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The engine has no clock: new Date() reads it; take the time as input (layer rule).' },
    { selector: "CallExpression[callee.name='Date']", message: 'The engine has no clock: Date() reads it (layer rule).' },
  ],
};

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
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noReact, noRenderer, noElectronFolder, noDb] }],
      'no-restricted-syntax': ['error', ...noDynamicElectron],
    },
  },
  {
    // the pure engine: an allow-list of imports, and no clock or randomness
    files: ['shared/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [engineOnly] }],
      'no-restricted-syntax': ['error', ...noDynamicElectron, ...noClock.syntax],
      'no-restricted-properties': ['error', ...noClock.properties],
    },
  },
  {
    files: ['shared/ipc/client.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [clientOnly] }] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noElectronFolder, noDb, noDevTools] }],
      'no-restricted-syntax': ['error', ...noDynamicElectron],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noReact, noRenderer, noMainFromCore, noHostOrCli, noDevTools] }] },
  },
  {
    // raw SQL belongs to the repositories (and the store): services, imports,
    // reports and the demo use kysely through their read or write handle
    files: ['electron/core/services/**/*.ts', 'electron/core/import/**/*.ts', 'electron/core/reports/**/*.ts', 'electron/core/demo/**/*.ts', 'electron/core/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron, noReact, noRenderer, noMainFromCore, noHostOrCli, noDevTools,
            { group: ['better-sqlite3'], message: 'Raw SQL belongs to electron/core/repos (layer rule).' },
            { group: ['**/db/handles.ts'], importNames: ['rawOf', 'registerRaw'], message: 'The raw connection is for electron/core/repos only (layer rule).' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='prepare']", message: 'Raw SQL belongs to electron/core/repos (layer rule).' }, { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'Raw SQL belongs to electron/core/repos (layer rule).' }],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/host/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noReact, noRenderer, noMainFromCore] }] },
  },
  {
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact, noRenderer, noHostOrCli, noDevTools] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [preloadOnly] }] },
  },
  {
    files: ['test/**/*.ts', 'build/**/*.{ts,mjs,js,cjs}', 'bin/**/*.mjs', 'renderer/vite.config.ts', '*.js', '*.ts'],
    languageOptions: { globals: globals.node },
  },
);
