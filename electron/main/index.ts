// Electron's main process: single instance, a locked-down window on the
// app:// protocol, the IPC registration and the Chinese menu. Everything
// else lives in electron/core, which runs without Electron.
import path from 'node:path';
import { app, BrowserWindow, Menu, dialog } from 'electron';
import { createContext, type ServiceContext } from '../core/context.ts';
import { createDispatcher } from '../core/ipc/dispatch.ts';
import { createHandlers } from '../core/ipc/handlers.ts';
import { warmOffload } from '../core/offload.ts';
import { authOf } from '../core/security/auth.ts';
import { loadDbKey } from './db-key.ts';
import { APP_DIR_NAME, DB_FILE_NAME } from '../core/paths.ts';
import { registerIpc } from './ipc.ts';
import { buildMenu } from './menu.ts';
import { nativePicker } from './dialogs.ts';
import { registerSchemePrivileges, serveRenderer } from './protocol.ts';
import { APP_URL, installGlobalGuards, lockDownSession } from './security.ts';

let mainWindow: BrowserWindow | null = null;
let services: ServiceContext | null = null;

// Every renderer sandboxed, whatever a window's webPreferences say; Electron
// accepts this only before the app is ready, so it is the first call.
app.enableSandbox();
app.setPath('userData', path.join(app.getPath('appData'), APP_DIR_NAME));
registerSchemePrivileges();
installGlobalGuards();

if (!app.requestSingleInstanceLock()) {
  // one writer per database: a second start only focuses the first window
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (e: unknown) => fail(e));
}

async function start(): Promise<void> {
  lockDownSession();
  serveRenderer(path.join(app.getAppPath(), 'dist-renderer'));
  const dbFile = path.join(app.getPath('userData'), DB_FILE_NAME);
  try {
    services = await createContext({ dbFile, documentsDir: path.join(app.getPath('documents'), '考核评价文书'), host: 'electron', dbKey: loadDbKey(dbFile) });
  } catch (e) {
    fail(e);
    return;
  }
  // bulk saves and large recomputes run on a worker's connection: started now, so the first one does not wait for it
  warmOffload(services);
  // the checked path: every call needs a signed-in session with the channel's permission
  registerIpc(createDispatcher(createHandlers(services, { pickPath: nativePicker(() => mainWindow, services.documentsDir) }), { auth: authOf(services), onInternalError: (ch, e) => console.error(`[kaohe] ${ch}:`, e) }));
  Menu.setApplicationMenu(buildMenu(() => mainWindow, dbFile));
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    title: '考核评价桌面系统',
    show: false,
    webPreferences: {
      preload: path.join(app.getAppPath(), 'dist-electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      // a middle click must not open a window (Electronegativity AUXCLICK_JS_CHECK)
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
      webSecurity: true,
      allowRunningInsecureContent: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(APP_URL);
}

function fail(e: unknown): void {
  dialog.showErrorBox('考核评价桌面系统无法启动', (e as Error)?.message ?? String(e));
  app.quit();
}

app.on('window-all-closed', () => {
  void services?.close();
  app.quit();
});
