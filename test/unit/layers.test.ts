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

async function lintAs(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return res!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
