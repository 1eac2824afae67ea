// The Electron shell, with only the Electron binary faked (it cannot run on
// these machines): the window's security settings, the session lock-down,
// the single-instance lock, the app:// file handler and the IPC sender check
// run as written.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

interface Fake {
  windows: { options: Record<string, unknown>; url?: string }[];
  beforeRequest: null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void);
  headers: null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void);
  permission: null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void);
  ipc: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  dialogs: Record<string, unknown>[];
  lockRequested: boolean;
  menuSet: boolean;
  protocolHandled: string;
  protocolHandler: null | ((request: Request) => Promise<Response>);
  /** the order of the calls whose timing Electron constrains */
  calls: string[];
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
  const fake: Fake = { windows: [], beforeRequest: null, headers: null, permission: null, ipc: new Map(), dialogs: [], lockRequested: false, menuSet: false, protocolHandled: '', protocolHandler: null, calls: [], dir };
  fakeRef.__fakeElectron = fake;
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const paths: Record<string, string> = {};
  let isReady = false;
  const app = {
    // like Electron: only before the app is ready
    enableSandbox: () => {
      if (isReady) throw new Error('app.enableSandbox() can only be called before app is ready');
      fake.calls.push('enableSandbox');
    },
    setPath: (k: string, v: string) => (paths[k] = v),
    getPath: (k: string) => paths[k] ?? path.join(dir, k),
    getAppPath: () => path.join(dir, 'app'),
    getVersion: () => '0.1.0',
    isPackaged: true,
    requestSingleInstanceLock: () => ((fake.lockRequested = true), true),
    on: () => undefined,
    whenReady: () => (fake.calls.push('whenReady'), ready),
    quit: () => undefined,
    __ready: () => ((isReady = true), readyResolve()),
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
    dialog: {
      showErrorBox: (() => undefined),
      showMessageBox: (() => undefined),
      // the native dialogs of pickPath: record what was asked, answer as a user would
      showSaveDialog: async (_win: unknown, o: Record<string, unknown>) => (fake.dialogs.push({ kind: 'save', ...o }), { canceled: false, filePath: '/home/u/文书/采集表.xlsx' }),
      showOpenDialog: async (_win: unknown, o: Record<string, unknown>) => (fake.dialogs.push({ kind: 'open', ...o }), { canceled: true, filePaths: [] }),
    },
    shell: { showItemInFolder: (() => undefined) },
    ipcMain: { handle: (ch: string, f: (event: unknown, ...args: unknown[]) => Promise<unknown>) => fake.ipc.set(ch, f) },
    protocol: {
      registerSchemesAsPrivileged: () => fake.calls.push('registerSchemesAsPrivileged'),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        fake.protocolHandled = scheme;
        fake.protocolHandler = handler;
      },
    },
    // net.fetch('file://…') would be cancelled by the session's own file: block
    net: { fetch: () => Promise.reject(new Error('net.fetch is not used to serve app://')) },
    contextBridge: { exposeInMainWorld: (() => undefined) },
    ipcRenderer: { invoke: (() => undefined) },
  };
});

describe('the Electron main process', async () => {
  const electron = (await import('electron')) as unknown as { app: { __ready(): void } };
  const fake = fakeRef.__fakeElectron;
  afterAll(() => fs.rmSync(fake.dir, { recursive: true, force: true }));
  // a renderer build where the app's files are, and files beside it that app:// must not reach
  const dist = path.join(fake.dir, 'app', 'dist-renderer');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>考核评价桌面系统</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-1a2b.js'), 'console.log("考核");');
  fs.writeFileSync(path.join(dist, 'assets', 'index-1a2b.css'), 'body{margin:0}');
  const fontBytes = Buffer.from([0x77, 0x4f, 0x46, 0x32, 0x00, 0xff, 0x10, 0x80]);
  fs.writeFileSync(path.join(dist, 'assets', 'noto.woff2'), fontBytes);
  fs.writeFileSync(path.join(fake.dir, 'app', 'package.json'), '{"secret":true}');
  fs.mkdirSync(path.join(fake.dir, 'app', 'dist-renderer-other'));
  fs.writeFileSync(path.join(fake.dir, 'app', 'dist-renderer-other', 'x.js'), 'secret');
  await import('../../electron/main/index.ts');
  electron.app.__ready();
  await vi.waitFor(() => expect(fake.windows[0]?.url).toBeDefined(), { timeout: 10_000 });

  it('takes the single-instance lock and serves the app:// protocol', () => {
    expect(fake.lockRequested).toBe(true);
    expect(fake.protocolHandled).toBe('app');
    expect(fake.menuSet).toBe(true);
    expect(fake.windows[0]!.url).toBe('app://kaohe/index.html');
  });

  it('sandboxes every renderer before the app is ready', () => {
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.calls.indexOf('enableSandbox')).toBeLessThan(fake.calls.indexOf('whenReady'));
    expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('whenReady'));
  });

  describe('the app:// handler', () => {
    const get = (url: string, method = 'GET') => fake.protocolHandler!(new Request(url, { method }));

    it('answers with the file\'s bytes and its type', async () => {
      const page = await get('app://kaohe/index.html');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('考核评价桌面系统');
      expect((await get('app://kaohe/')).status).toBe(200);

      const js = await get('app://kaohe/assets/index-1a2b.js');
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await js.text()).toBe('console.log("考核");');
      expect((await get('app://kaohe/assets/index-1a2b.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');

      const font = await get('app://kaohe/assets/noto.woff2');
      expect(font.headers.get('content-type')).toBe('font/woff2');
      expect(Buffer.from(await font.arrayBuffer())).toEqual(fontBytes);
      expect(font.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers 404 for a missing file, a folder or another host', async () => {
      expect((await get('app://kaohe/assets/missing.js')).status).toBe(404);
      expect((await get('app://kaohe/assets')).status).toBe(404);
      expect((await get('app://other/index.html')).status).toBe(404);
    });

    it('refuses paths outside the renderer build, plain or encoded', async () => {
      for (const url of [
        'app://kaohe/../package.json',
        'app://kaohe/%2e%2e/package.json',
        'app://kaohe/..%2Fpackage.json',
        'app://kaohe/assets/..%2F..%2Fpackage.json',
        'app://kaohe/..%5Cpackage.json',
        'app://kaohe/%2E%2E%2F..%2F..%2F..%2Fetc%2Fpasswd',
        'app://kaohe/..%2Fdist-renderer-other%2Fx.js',
        'app://kaohe/index.html%00.js',
        'app://kaohe/%E0%A4%A',
      ]) {
        const r = await get(url);
        expect(r.status, url).toBe(404);
        expect(await r.text(), url).not.toContain('secret');
      }
    });

    it('serves only GET and HEAD', async () => {
      const head = await get('app://kaohe/index.html', 'HEAD');
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect((await get('app://kaohe/index.html', 'POST')).status).toBe(405);
    });
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
    // the checked path: nothing but setup and sign-in without a session
    expect(await handler(fromApp, 'listCycles', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handler(fromApp, 'listCycles', { x: 1 })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handler(fromApp, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await handler(fromApp, 'setupStatus', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
  });

  it('holds a session per window: sign-in in one window does not open another', async () => {
    const handler = fake.ipc.get('kaohe:invoke')!;
    const win1 = { sender: { id: 1 }, senderFrame: { url: 'app://kaohe/index.html' } };
    const win2 = { sender: { id: 2 }, senderFrame: { url: 'app://kaohe/index.html' } };
    const person = (login: string, password: string) => ({ login, name: login, password });
    expect(await handler(win1, 'firstRunSetup', { sysadmin: person('xtgly', 'Xitong#2025admin'), secadmin: person('aqgly', 'Anquan#2025admin'), auditor: person('sjy', 'Shenji#2025audit') })).toMatchObject({ ok: true });
    const signed = (await handler(win1, 'login', { login: 'xtgly', password: 'Xitong#2025admin' })) as { ok: boolean; value: Record<string, unknown> };
    expect(signed).toMatchObject({ ok: true, value: { signedIn: true, permissions: ['accounts', 'settings', 'backup'] } });
    expect(JSON.stringify(signed)).not.toMatch(/token/i); // the page never sees the session token
    expect(await handler(win1, 'listAccounts', {})).toMatchObject({ ok: true });
    expect(await handler(win2, 'listAccounts', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // the system administrator does not see the assessment data (三员分立)
    expect(await handler(win1, 'listCycles', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // files are chosen in the native dialog, modal to the window; a closed dialog is null
    expect(await handler(win1, 'pickPath', { mode: 'save', title: '保存采集表', defaultName: '采集表.xlsx', extensions: ['xlsx'] })).toMatchObject({ ok: true, value: { path: '/home/u/文书/采集表.xlsx' } });
    expect(fake.dialogs[0]).toMatchObject({ kind: 'save', title: '保存采集表', filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }, { name: '所有文件', extensions: ['*'] }] });
    expect(String(fake.dialogs[0]!.defaultPath)).toMatch(/采集表\.xlsx$/);
    expect(await handler(win1, 'pickPath', { mode: 'folder', title: '选择文件夹' })).toMatchObject({ ok: true, value: { path: null } });
    expect(fake.dialogs[1]).toMatchObject({ kind: 'open', properties: ['openDirectory', 'createDirectory'] });
    expect(await handler(win2, 'pickPath', { mode: 'open', title: '打开' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handler(win1, 'logout', {})).toMatchObject({ ok: true, value: { signedOut: true } });
    expect(await handler(win1, 'listAccounts', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('the Electron bundles', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bundle-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  // the build script itself, as `npm run build` runs it, into a folder of its own
  const build = spawnSync(process.execPath, [path.join(root, 'build/build-electron.mjs'), '--outdir', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });

  it('builds, and says how large the preload is', () => {
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(build.stdout).toMatch(/preload\.cjs \(\d+\.\d KiB\)/);
  });

  it('the bundled service worker opens the store and answers a call (long writes run there)', async () => {
    const { Worker } = await import('node:worker_threads');
    const dbFile = path.join(out, 'svc.db');
    // the packaged app has its node_modules beside the bundle; here they are the repository's
    if (!fs.existsSync(path.join(out, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
    const w = new Worker(path.join(out, 'service-worker.cjs'), { workerData: { dbFile, documentsDir: path.join(out, 'docs'), host: 'test', userLogin: 'admin', key: null, synchronous: 'FULL' } });
    try {
      const answer = await new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.postMessage({ seq: 1, channel: 'createCycle', input: { name: '2030年度综合考核', year: 2030 }, actor: null, trusted: true, nowIso: new Date().toISOString() });
      });
      expect(answer).toMatchObject({ seq: 1, type: 'done', value: { name: '2030年度综合考核', year: 2030 } });
    } finally {
      await w.terminate();
    }
  });

  it('main.cjs carries neither the Chromium host nor playwright-core', () => {
    const main = fs.readFileSync(path.join(out, 'main.cjs'), 'utf8');
    expect(main).not.toMatch(/playwright/i);
    expect(main).not.toContain('electron/host/');
    expect(main).not.toContain('launchPersistentContext');
  });

  it('the preload holds the channel names, not zod and the schemas', () => {
    const preload = fs.readFileSync(path.join(out, 'preload.cjs'), 'utf8');
    expect(preload).toContain('"listCycles"');
    expect(preload).not.toMatch(/\bzod\b|safeParse|z\.object/);
    // only electron is left to require at run time (the sandboxed preload can require nothing else)
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(fs.statSync(path.join(out, 'preload.cjs')).size).toBeLessThan(8 * 1024);
  });
});
