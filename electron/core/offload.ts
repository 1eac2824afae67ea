// Hands a long write to a worker thread (worker/service-worker.ts) so the
// main process stays free: in Electron it routes the window's input, and a
// 200,000-cell save there would freeze the window for seconds. The call
// runs exactly as it would here (same handler, same user, one transaction,
// audit and recompute); the context's write queue keeps every other write
// waiting — asynchronously — until it is done. The worker is started once
// (loading the modules and opening the store takes about a second) and kept
// while the context is open. Cancel terminates it: its transaction was never
// committed, so nothing of the call remains; the next call starts a new one.
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import type { Channel, OutputOf, ParsedInputOf } from '../../shared/ipc/contract.ts';
import { exclusiveWrite, onContextClose, siblingOptions, type ServiceContext } from './context.ts';
import { cancelledError } from './jobs.ts';
import { currentScope } from './security/scope.ts';
import type { ServiceAnswer, ServiceCall } from './worker/service-worker.ts';

/** The entry: the .ts module (Node strips the types), or service-worker.cjs beside the bundle. */
function entry(): URL | string {
  const here = import.meta.url as string | undefined;
  if (here && here.endsWith('.ts')) return new URL('./worker/service-worker.ts', here);
  return path.join(__dirname, 'service-worker.cjs');
}

interface Pending {
  seq: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** The one service worker of a context, started on demand. */
class ServiceWorkerHost {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private seq = 0;
  private readonly ctx: ServiceContext;
  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  private start(): Worker {
    const w = new Worker(entry(), { workerData: siblingOptions(this.ctx) });
    w.on('message', (a: ServiceAnswer) => {
      const p = this.pending;
      if (!p || p.seq !== a.seq) return;
      this.pending = null;
      w.unref(); // idle: it does not keep the process alive
      if (a.type === 'done') p.resolve(a.value);
      else if (a.internal) p.reject(new Error(a.message));
      else p.reject(new AppError(a.code, a.message, a.location ?? undefined));
    });
    const gone = (e: unknown) => {
      if (this.worker === w) this.worker = null;
      const p = this.pending;
      this.pending = null;
      p?.reject(e);
    };
    w.on('error', gone);
    w.on('exit', (code) => gone(new Error(`service worker exited with code ${code}`)));
    w.unref();
    return w;
  }

  /** Starts the worker ahead of the first call (Electron does, at start-up). */
  warm(): void {
    this.worker ??= this.start();
  }

  call(channel: Channel, input: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(cancelledError());
      const w = (this.worker ??= this.start());
      const seq = ++this.seq;
      const onAbort = () => {
        // settled once the thread is gone: its connection closed, the transaction rolled back
        this.worker = null;
        const p = this.pending;
        this.pending = null;
        void w.terminate().then(() => p?.reject(cancelledError()));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = <T>(f: (x: T) => void) => (x: T) => {
        signal?.removeEventListener('abort', onAbort);
        f(x);
      };
      this.pending = { seq, resolve: done(resolve), reject: done(reject) };
      const scope = currentScope();
      const msg: ServiceCall = { seq, channel, input, actor: scope?.actor ?? null, trusted: scope?.trusted ?? true, nowIso: this.ctx.now().toISOString() };
      w.ref(); // busy: the process waits for the answer
      w.postMessage(msg);
    });
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

const hosts = new WeakMap<ServiceContext, ServiceWorkerHost>();
function hostOf(ctx: ServiceContext): ServiceWorkerHost {
  let h = hosts.get(ctx);
  if (!h) {
    const made = new ServiceWorkerHost(ctx);
    hosts.set(ctx, (h = made));
    onContextClose(ctx, () => made.stop());
  }
  return h;
}

/** Runs the channel's handler in the context's service worker, as the current caller, after every other write. */
export function offload<C extends Channel>(ctx: ServiceContext, channel: C, input: ParsedInputOf<C>, opts: { signal?: AbortSignal } = {}): Promise<OutputOf<C>> {
  return exclusiveWrite(ctx, () => hostOf(ctx).call(channel, input, opts.signal) as Promise<OutputOf<C>>);
}

/** Starts the service worker now, so that the first long call does not wait for it. */
export function warmOffload(ctx: ServiceContext): void {
  if (isMainThread) hostOf(ctx).warm();
}

/** Whether a call should go to a worker: only from the main thread (a worker runs it itself). */
export function shouldOffload(large: boolean): boolean {
  return large && isMainThread && process.env.KAOHE_NO_OFFLOAD !== '1';
}
