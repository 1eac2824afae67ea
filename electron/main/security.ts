// Lock-down of the Electron session and windows for confidential, offline
// machines: only the app:// origin, nothing from the network, no new
// windows, no navigation, no permissions.
import { app, session, shell, type WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kaohe';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // AG Grid and antd inject their styles
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onBeforeRequest((details, callback) => {
    const { protocol } = new URL(details.url);
    // refuse everything that could leave the machine
    callback({ cancel: ['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'].includes(protocol) });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setSpellCheckerEnabled(false);
}

export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function installGlobalGuards(): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}

export function revealFile(filePath: string): void {
  shell.showItemInFolder(filePath);
}
