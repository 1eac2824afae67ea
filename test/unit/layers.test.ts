// The layer rules of the architecture are enforced: a wrong import across
// layers fails lint (and so `npm test`), and the per-folder tsconfigs leave
// out the types a layer must not use.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/channels.ts';
import { contract } from '../../shared/ipc/contract.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

const LAYER_RULES = ['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax', 'no-restricted-properties'];

async function lintAs(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res!.messages.filter((m) => LAYER_RULES.includes(m.ruleId ?? '')).map((m) => m.message);
}

describe('lint layer rules', () => {
  it.each([
    ['shared/engine/x.ts', `import fs from 'node:fs';
import os from 'node:os';`],
    ['shared/engine/x.ts', `import path from 'path';`],
    ['shared/x.ts', `import { app } from 'electron';`],
    ['shared/x.ts', `import React from 'react';`],
    ['shared/x.ts', `import { x } from '../electron/core/context.ts';`],
    ['shared/x.ts', `import Database from 'better-sqlite3';`],
    ['renderer/src/x.ts', `import { ipcRenderer } from 'electron';`],
    ['renderer/src/x.ts', `import fs from 'node:fs';
import os from 'node:os';`],
    ['renderer/src/pages/x.tsx', `import { createContext } from '../../../electron/core/context.ts';`],
    ['renderer/src/x.ts', `import { Kysely } from 'kysely';`],
    ['electron/core/services/x.ts', `import { app } from 'electron';`],
    ['electron/core/services/x.ts', `import { Shell } from '../../../renderer/src/Shell.tsx';`],
    ['electron/core/services/x.ts', `import { registerIpc } from '../../main/ipc.ts';`],
    ['electron/main/x.ts', `import { Shell } from '../../renderer/src/Shell.tsx';`],
    // the engine imports only its own modules, shared/domain.ts and shared/errors.ts
    ['shared/engine/x.ts', `import { z } from 'zod';`],
    ['shared/engine/x.ts', `import { contract } from '../ipc/contract.ts';`],
    ['shared/engine/x.ts', `import type { Api } from '../ipc/client.ts';`],
    ['shared/engine/x.ts', `import { ok } from '../ipc/envelope.ts';`],
    ['shared/engine/x.ts', `import { app } from 'electron';`],
    ['shared/engine/x.ts', `import { readFileSync } from 'fs';`],
    ['shared/engine/x.ts', `import { createContext } from '../../electron/core/context.ts';`],
    ['shared/engine/x.ts', `import dayjs from 'dayjs';`],
    ['shared/engine/x.ts', `export * from '../ipc/contract.ts';`],
    // raw SQL and the raw connection belong to the repositories
    ['electron/core/services/x.ts', `import Database from 'better-sqlite3';`],
    ['electron/core/services/x.ts', `import { rawOf } from '../db/handles.ts';`],
    ['electron/core/services/x.ts', `declare const raw: { prepare(s: string): unknown }; export const q = raw.prepare('delete from units');`],
    ['electron/core/import/x.ts', `import { sql } from 'kysely'; export const q = sql\`delete from units\`;`],
    // no clock and no randomness in the engine
    ['shared/engine/x.ts', `export const t = Date.now();`],
    ['shared/engine/x.ts', `export const t = new Date();`],
    ['shared/engine/x.ts', `export const t = Date();`],
    ['shared/engine/x.ts', `export const r = Math.random();`],
    ['shared/engine/x.ts', `const { random } = Math; export const r = random();`],
    // dynamic import and require() do not slip past the import rules
    ['shared/x.ts', `export const m = import('electron');`],
    ['shared/x.ts', `export const m = require('node:fs');`],
    ['renderer/src/x.ts', `export const m = import('../../electron/core/context.ts');`],
    // the services import neither the Chromium host nor the command line, nor development tools
    ['electron/core/services/x.ts', `import { launchHost } from '../../host/chromium-host.ts';`],
    ['electron/core/x.ts', `import { launchHost } from '../host/chromium-host.ts';`],
    ['electron/core/services/x.ts', `import { main } from '../../cli/kaohe.ts';`],
    ['electron/core/services/x.ts', `import { chromium } from 'playwright-core';`],
    ['electron/main/x.ts', `import { launchHost } from '../host/chromium-host.ts';`],
    // the preload imports electron, the client factory and the channel names, nothing else
    ['electron/preload/x.ts', `import { contract } from '../../shared/ipc/contract.ts';`],
    ['electron/preload/x.ts', `import { z } from 'zod';`],
    ['electron/preload/x.ts', `import { CYCLE_STATUSES } from '../../shared/domain.ts';`],
    ['electron/preload/x.ts', `import { createHandlers } from '../core/ipc/handlers.ts';`],
    ['electron/preload/x.ts', `import fs from 'node:fs';`],
    // the client factory, bundled into the preload, takes values only from the channel names
    ['shared/ipc/client.ts', `import { contract } from './contract.ts';`],
    // the renderer never imports electron/**
    ['renderer/src/pages/x.tsx', `import { isAppUrl } from '../../../electron/main/security.ts';`],
    ['renderer/src/x.ts', `import { HOST_BINDING } from '../../electron/host/page-api.ts';`],
    ['renderer/src/x.ts', `export { app } from 'electron/main';`],
  ])('%s: %s is refused', async (file, code) => {
    const messages = await lintAs(file, `${code}\nexport const y = 1;\n`);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(/layer rule/);
  });

  it.each([
    ['shared/x.ts', `import { z } from 'zod';`],
    ['renderer/src/x.ts', `import { contract } from '../../shared/ipc/contract.ts';`],
    ['electron/core/x.ts', `import fs from 'node:fs';
import os from 'node:os';`],
    ['electron/main/x.ts', `import { app } from 'electron';`],
    ['shared/engine/x.ts', `import { round } from './numbers.ts';
import type { CycleStatus } from '../domain.ts';
import { AppError } from '../errors.ts';
export const d = new Date(0);`],
    ['electron/preload/x.ts', `import { contextBridge } from 'electron';
import { createApiClient } from '../../shared/ipc/client.ts';
import { IPC_INVOKE } from '../../shared/ipc/channels.ts';`],
    ['shared/ipc/client.ts', `import { CHANNELS } from './channels.ts';
import type { Channel } from './contract.ts';
import type { Envelope } from './envelope.ts';`],
    ['electron/cli/x.ts', `import { setCycleStatus } from '../core/services/cycles.ts';`],
    ['electron/host/x.ts', `import { chromium } from 'playwright-core';`],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await lintAs(file, `${code}\nexport const y = 1;\n`)).toEqual([]);
  });
});

describe('per-folder tsconfigs', () => {
  it('shared/ type-checks without Node or DOM: a file using them fails tsc', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-layer-'));
    try {
      fs.writeFileSync(path.join(dir, 'probe.ts'), `export const a = process.env.HOME;\nexport const b = document.title;\n`);
      // the probe is checked with shared/'s own compiler options
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, 'shared/tsconfig.json'), include: ['probe.ts'] }));
      const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: root, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stdout).toContain("Cannot find name 'process'");
      expect(r.stdout).toContain("Cannot find name 'document'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the channel names the preload bundles', () => {
  it('are exactly the contract\'s channels, in its order (update shared/ipc/channels.ts when the contract changes)', () => {
    expect([...CHANNELS]).toEqual(Object.keys(contract));
  });
});
