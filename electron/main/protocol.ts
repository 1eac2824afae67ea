// The app:// protocol serves the renderer build from inside the package
// (asar); nothing else is reachable through it.
//
// Files are read with `fs` (Electron's fs reads inside the asar) rather than
// `net.fetch('file://…')`: net.fetch goes through the session's webRequest
// listeners, and lockDownSession cancels every file: request, so the page
// would never load.
import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './security.ts';

export function registerSchemePrivileges(): void {
  // must run before the app is ready (Electron's documentation)
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

// What the renderer build contains (Vite output), with a charset for text so
// the Chinese interface never depends on sniffing.
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * The file under `root` a request names, or null when it names none: another
 * host, a malformed escape, a NUL byte, or a path that leaves `root` (`..`,
 * also percent-encoded as `..%2F` or `..%5C`, which the URL parser keeps).
 */
export function resolveRequestPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const file = path.resolve(root, `.${rel}`);
  const inside = path.relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return null;
  return file;
}

async function readRegularFile(file: string) {
  try {
    return (await fs.promises.stat(file)).isFile() ? await fs.promises.readFile(file) : null;
  } catch {
    return null;
  }
}

/** The protocol handler, separate from its registration so tests can call it. */
export function createRendererHandler(distDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(distDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
    const file = resolveRequestPath(root, request.url);
    if (!file) return notFound();
    const body = await readRegularFile(file);
    if (!body) return notFound();
    const headers = { 'Content-Type': mimeType(file), 'Content-Length': String(body.byteLength), 'X-Content-Type-Options': 'nosniff' };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}

export function serveRenderer(distDir: string): void {
  protocol.handle(APP_SCHEME, createRendererHandler(distDir));
}
