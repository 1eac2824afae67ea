// The Electron shell, with only the Electron binary faked (it cannot run on
// these machines): the window's security settings, the session lock-down,
// the single-instance lock and the IPC sender check run as written.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

interface Fake {
  windows: { options: Record<string, unknown>; url?: string }[];
  beforeRequest: null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void);
  headers: null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void);
  permission: null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void);
  ipc: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  lockRequested: boolean;
  menuSet: boolean;
  protocolHandled: string;
  dir: string;
}
// filled by the mock factory, which runs before this module's imports
const fakeRef = globalThis as unknown as { __fakeElectron: Fake };

vi.mock('electron', async () => {
  const nodeFs = await import('node:fs');
  const nodeOs = await import('node:os');
  const nodePath = await import('node:path');
  const dir = nodeFs.mkdtempSync(nodePath.join(nodeOs.tmpdir(), 'kaohe-shell-'));
  const path = nodePath;
  const { EventEmitter } = await import('node:events');
  const fake: Fake = { windows: [], beforeRequest: null, headers: null, permission: null, ipc: new Map(), lockRequested: false, menuSet: false, protocolHandled: '', dir };
  fakeRef.__fakeElectron = fake;
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const paths: Record<string, string> = {};
  const app = {
    setPath: (k: string, v: string) => (paths[k] = v),
    getPath: (k: string) => paths[k] ?? path.join(dir, k),
    getAppPath: () => path.join(dir, 'app'),
    getVersion: () => '0.1.0',
    isPackaged: true,
    requestSingleInstanceLock: () => ((fake.lockRequested = true), true),
    on: () => undefined,
    whenReady: () => ready,
    quit: () => undefined,
    __ready: () => readyResolve(),
  };
  class BrowserWindow extends EventEmitter {
    record: { options: Record<string, unknown>; url?: string };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options };
      fake.windows.push(this.record);
    }
    async loadURL(url: string) {
      this.record.url = url;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    show() {}
  }
  const session = {
    defaultSession: {
      webRequest: {
        onBeforeRequest: (f: typeof fake.beforeRequest) => (fake.beforeRequest = f),
        onHeadersReceived: (f: typeof fake.headers) => (fake.headers = f),
      },
      setPermissionRequestHandler: (f: typeof fake.permission) => (fake.permission = f),
      setPermissionCheckHandler: () => undefined,
      setSpellCheckerEnabled: () => undefined,
    },
  };
  return {
    app,
    BrowserWindow,
    session,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => (fake.menuSet = true) },
    dialog: { showErrorBox: (() => undefined), showMessageBox: (() => undefined) },
    shell: { showItemInFolder: (() => undefined) },
    ipcMain: { handle: (ch: string, f: (event: unknown, ...args: unknown[]) => Promise<unknown>) => fake.ipc.set(ch, f) },
    protocol: { registerSchemesAsPrivileged: (() => undefined), handle: (scheme: string) => (fake.protocolHandled = scheme) },
    net: { fetch: (() => undefined) },
    contextBridge: { exposeInMainWorld: (() => undefined) },
    ipcRenderer: { invoke: (() => undefined) },
  };
});

describe('the Electron main process', async () => {
  const electron = (await import('electron')) as unknown as { app: { __ready(): void } };
  const fake = fakeRef.__fakeElectron;
  afterAll(() => fs.rmSync(fake.dir, { recursive: true, force: true }));
  await import('../../electron/main/index.ts');
  electron.app.__ready();
  await vi.waitFor(() => expect(fake.windows[0]?.url).toBeDefined(), { timeout: 10_000 });

  it('takes the single-instance lock and serves the app:// protocol', () => {
    expect(fake.lockRequested).toBe(true);
    expect(fake.protocolHandled).toBe('app');
    expect(fake.menuSet).toBe(true);
    expect(fake.windows[0]!.url).toBe('app://kaohe/index.html');
  });

  it('opens a sandboxed, isolated window without Node', () => {
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, spellcheck: false, devTools: false });
    expect(String(prefs.preload)).toMatch(/dist-electron[\\/]preload\.cjs$/);
  });

  it('creates the database in the user data folder', () => {
    expect(fs.existsSync(path.join(fake.dir, 'appData', 'kaohe-desk', 'kaohe.db'))).toBe(true);
  });

  it('refuses every request that could leave the machine', () => {
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      fake.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict('https://example.com/x.js')).toBe(true);
    expect(verdict('http://127.0.0.1:8080/')).toBe(true);
    expect(verdict('ws://localhost/')).toBe(true);
    expect(verdict('file:///etc/passwd')).toBe(true);
    expect(verdict('app://kaohe/assets/index.js')).toBe(false);
  });

  it('sets a strict CSP and denies permission requests', () => {
    let headers: Record<string, string[]> = {};
    fake.headers!({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']![0]).toContain("default-src 'self'");
    expect(headers['Content-Security-Policy']![0]).toContain("connect-src 'none'");
    let granted: boolean | undefined;
    fake.permission!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('prevents navigation away from the app and denies new windows', async () => {
    const { lockDownContents } = await import('../../electron/main/security.ts');
    const { EventEmitter } = await import('node:events');
    const contents = Object.assign(new EventEmitter(), { openHandler: null as null | (() => { action: string }), setWindowOpenHandler(f: () => { action: string }) { this.openHandler = f; } });
    lockDownContents(contents as never);
    const nav = (url: string) => {
      const ev = { prevented: false, preventDefault() { this.prevented = true; } };
      contents.emit('will-navigate', ev, url);
      return ev.prevented;
    };
    expect(nav('https://example.com/')).toBe(true);
    expect(nav('app://kaohe/index.html')).toBe(false);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
  });

  it('answers IPC only from the app page, through the validating dispatcher', async () => {
    const handler = fake.ipc.get('kaohe:invoke')!;
    const fromApp = { senderFrame: { url: 'app://kaohe/index.html' } };
    const fromElsewhere = { senderFrame: { url: 'https://evil.example/' } };
    expect(await handler(fromElsewhere, 'listCycles', {})).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await handler(fromApp, 'listCycles', {})).toEqual({ ok: true, value: [] });
    expect(await handler(fromApp, 'listCycles', { x: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(fromApp, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });
});
