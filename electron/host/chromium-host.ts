// The Chromium host: Debian's Chromium driven by playwright-core shows the
// production build of the renderer, with `window.api` bridged in-process to
// the same handlers Electron registers. It stands in for Electron where its
// binary is absent (these machines) and is what the end-to-end tests drive.
// No port is opened: the page's origin is served by request routing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { HOST_BINDING } from '../../shared/ipc/client.ts';
import { createContext, type ServiceContext } from '../core/context.ts';
import { createDispatcher } from '../core/ipc/dispatch.ts';
import { createHandlers } from '../core/ipc/handlers.ts';
import type { PathPicker } from '../core/ipc/handlers-shell.ts';
import { authOf } from '../core/security/auth.ts';
import type { SessionHolder } from '../core/security/scope.ts';

export const APP_ORIGIN = 'http://kaohe.app';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Chromium keeps its sandbox: the page shows the offices' data. Only as root
// (CI containers, these build machines) is it turned off, because Chromium
// refuses to start as root unless --no-sandbox is given.
const runsAsRoot = process.getuid?.() === 0;

export const CHROMIUM_FLAGS = [
  ...(runsAsRoot ? ['--no-sandbox'] : []),
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--lang=zh-CN',
];

export interface HostOptions {
  dbFile: string;
  documentsDir?: string;
  headless?: boolean;
  /** the renderer build; default dist-renderer/ */
  distDir?: string;
  viewport?: { width: number; height: number };
  host?: ServiceContext['host'];
  now?: () => Date;
  /**
   * 'session' (the default, headless or not): the checked path, the page
   * signs in and the host holds its session. 'trusted': the in-process path
   * as the system actor, with no sign-in — only for tests that ask for it.
   */
  auth?: 'session' | 'trusted';
  /** signs the page's session in before the page loads (tests of the checked path) */
  signIn?: { login: string; password: string };
  dbKey?: string | Buffer | null;
  /**
   * Answers the page's file dialogs (pickPath). The default stands in for a
   * user who accepts what is proposed: a save goes to documentsDir/导出/<the
   * proposed name>, a folder is documentsDir/导出, and an open takes the next
   * path queued with `host.queuePick` (none queued: the dialog was closed).
   */
  pickPath?: PathPicker;
}

export interface Host {
  page: Page;
  context: BrowserContext;
  services: ServiceContext;
  url: string;
  /** the answer of the page's next 'open' (or any) dialog; null: the user closes it */
  queuePick(path: string | null): void;
  close(): Promise<void>;
}

export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('找不到 Chromium 浏览器（/usr/bin/chromium）。请先安装：apt-get install chromium');
  return found;
}

function pageApiScript(): string {
  const out = buildSync({ entryPoints: [path.join(ROOT, 'electron/host/page-api.ts')], bundle: true, format: 'iife', write: false, platform: 'browser', target: 'chrome120' });
  return out.outputFiles[0]!.text;
}

export async function launchHost(opts: HostOptions): Promise<Host> {
  const distDir = path.resolve(opts.distDir ?? path.join(ROOT, 'dist-renderer'));
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`找不到界面构建结果 ${distDir}/index.html，请先运行 npm run build:renderer`);
  }
  const services = await createContext({ dbFile: opts.dbFile, documentsDir: opts.documentsDir, host: opts.host ?? 'chromium', now: opts.now, ...(opts.dbKey !== undefined ? { dbKey: opts.dbKey } : {}) });
  const checked = (opts.auth ?? 'session') === 'session' || opts.signIn !== undefined;
  const queued: (string | null)[] = [];
  const exportDir = path.join(services.documentsDir, '导出');
  const defaultPicker: PathPicker = async (req) => {
    if (queued.length > 0) return queued.shift()!;
    if (req.mode === 'open') return null;
    fs.mkdirSync(exportDir, { recursive: true });
    return req.mode === 'folder' ? exportDir : path.join(exportDir, req.defaultName ?? '导出文件');
  };
  const dispatch = createDispatcher(createHandlers(services, { pickPath: opts.pickPath ?? defaultPicker }), {
    ...(checked ? { auth: authOf(services) } : {}),
    onInternalError: (channel, e) => console.error(`[kaohe] ${channel}:`, e),
  });
  // the page's session, held here (one page per host); the page never sees the token
  const holder: SessionHolder = { token: null };
  if (opts.signIn) {
    const env = await dispatch('login', opts.signIn, holder);
    if (!env.ok) throw new Error(`登录失败：${env.error.message}`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-chromium-'));
  const headless = opts.headless ?? true;
  const viewport = opts.viewport ?? { width: 1440, height: 900 };
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless,
    // headed, it is an application window: no tabs, no address bar, no infobars
    args: [...CHROMIUM_FLAGS, ...(headless ? [] : ['--app=data:text/html,', `--window-size=${viewport.width},${viewport.height}`, '--test-type', '--disable-features=Translate,TranslateUI'])],
    ignoreDefaultArgs: headless ? undefined : ['about:blank', '--enable-automation'],
    viewport: headless ? viewport : null,
    locale: 'zh-CN',
    acceptDownloads: false,
  });
  // everything the page asks for outside the app's own origin is refused,
  // as Electron's session refuses http(s) and ws
  await context.route('**/*', (route) => route.abort('blockedbyclient'));
  await context.route(`${APP_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(distDir, `.${rel}`);
    if (!file.startsWith(distDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      await route.fulfill({ status: 404, body: 'not found' });
      return;
    }
    await route.fulfill({ path: file });
  });
  await context.exposeBinding(HOST_BINDING, async (source, channel: unknown, input: unknown) => {
    // the same sender check as Electron's: only the app's own page may call
    if (!source.frame.url().startsWith(`${APP_ORIGIN}/`)) {
      return { ok: false, error: { code: 'forbidden_sender', message: '拒绝来自非本应用页面的请求。' } };
    }
    return dispatch(channel, input, holder);
  });
  await context.addInitScript({ content: pageApiScript() });
  const page = context.pages()[0] ?? (await context.newPage());
  const url = `${APP_ORIGIN}/index.html`;
  await page.goto(url);
  return {
    page,
    context,
    services,
    url,
    queuePick: (p) => void queued.push(p),
    close: async () => {
      await context.close().catch(() => undefined);
      await services.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
