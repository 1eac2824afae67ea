// The renderer's only way to the back end: `window.api`, unwrapped.
// `call` returns the value or throws an ApiError carrying the server's Chinese
// message and, as data, where the problem is; `useQuery` reads through the
// one query cache (TanStack Query, key [channel, input]); every successful
// write invalidates the cache, because the server recomputes what a write
// touches in the same transaction and any screen may show it.
import { useCallback } from 'react';
import { App } from 'antd';
import { QueryClient, useQuery as useTanstackQuery } from '@tanstack/react-query';
import type { Channel, InputOf, OutputOf } from '../../shared/ipc/contract.ts';
import type { ApiErrorBody, Envelope } from '../../shared/ipc/envelope.ts';
import type { ErrorCode, ErrorLocation } from '../../shared/errors.ts';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  /** for internal errors: the reference under which the log holds the details */
  readonly ref: string | undefined;
  readonly channel: Channel;
  constructor(channel: Channel, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.channel = channel;
    this.code = body.code;
    this.location = body.location;
    this.ref = body.ref;
  }
}

/** The message a user sees; an internal error names its reference so the log entry can be found. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError && e.ref) return `${e.message}（参考编号 ${e.ref}）`;
  if (e instanceof Error) return e.message;
  return String(e);
}

// Reads have these prefixes; everything else (create*, save*, set*, delete*,
// update*, adjust*, compute*, generate*, loadDemo …) changes data. The shell's
// channels (a file dialog, a job's progress or cancel) change nothing either.
const READ_PREFIXES = ['list', 'get', 'app', 'results', 'preview', 'suggest', 'query', 'current', 'setupStatus', 'verify', 'pickPath', 'jobProgress', 'cancelJob'] as const;

export function isReadChannel(channel: Channel): boolean {
  return READ_PREFIXES.some((p) => channel.startsWith(p));
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // the server's messages are final; a retry would only delay them
      retry: false,
      refetchOnWindowFocus: false,
      // shown from the cache at once, refreshed whenever a screen mounts
      staleTime: 0,
    },
  },
});

// ---- the session's troubles (issue 9) ------------------------------------------
// A call refused because the session is gone (idle lock, signed out elsewhere)
// is reported to the sign-in gate (auth/AuthGate.tsx), which shows the lock
// screen; the screens themselves only show the message.

/** The codes that mean "sign in again", not "this failed". */
export const SESSION_CODES: readonly ErrorCode[] = ['session_expired', 'unauthorized'];

/** A title for each security refusal, shown above the server's own sentence. */
export const ERROR_TITLES: Partial<Record<ErrorCode, string>> = {
  unauthorized: '请先登录',
  forbidden: '没有权限',
  session_expired: '系统已自动锁定',
  auth_failed: '登录失败',
  account_locked: '账号已锁定',
  password_policy: '密码不符合要求',
  db_key: '数据库密钥错误',
  tampered: '文件已被篡改或损坏',
};

type SessionListener = (code: ErrorCode, message: string) => void;
const sessionListeners = new Set<SessionListener>();

/** Hears every call refused for want of a live session; returns the unsubscribe. */
export function onSessionLost(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => void sessionListeners.delete(listener);
}

// sign-in channels answer auth_failed etc. themselves; they never mean "the session is gone"
const SIGN_IN_CHANNELS: readonly string[] = ['login', 'logout', 'currentSession', 'setupStatus', 'firstRunSetup', 'changePassword'];

async function send<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const api = (window as { api?: Window['api'] }).api;
  if (!api || typeof api[channel] !== 'function') {
    throw new ApiError(channel, { code: 'internal', message: '未连接到应用后台，请从桌面程序启动本系统。' });
  }
  let env: Envelope<OutputOf<C>>;
  try {
    env = await (api[channel] as (i: InputOf<C>) => Promise<Envelope<OutputOf<C>>>)(input);
  } catch (e) {
    throw new ApiError(channel, { code: 'internal', message: `与应用后台通信失败：${errorMessage(e)}` });
  }
  if (!env || typeof env !== 'object') {
    throw new ApiError(channel, { code: 'internal', message: '应用后台返回了无法识别的结果。' });
  }
  if (env.ok) return env.value;
  if (SESSION_CODES.includes(env.error.code) && !SIGN_IN_CHANNELS.includes(channel)) for (const l of sessionListeners) l(env.error.code, env.error.message);
  throw new ApiError(channel, env.error);
}

/**
 * Calls a channel. After a successful write, every cached read is
 * invalidated and the ones on screen are fetched again before this returns,
 * so the caller sees the screens already showing the new state.
 */
export async function call<C extends Channel>(channel: C, input: InputOf<C>, opts: { refresh?: boolean } = {}): Promise<OutputOf<C>> {
  const value = await send(channel, input);
  if (!isReadChannel(channel) && opts.refresh !== false) await queryClient.invalidateQueries();
  return value;
}

/** After writes made with `refresh: false` (e.g. a batch): refresh the screens once. */
export function refreshAll(): Promise<void> {
  return queryClient.invalidateQueries();
}

export interface Query<T> {
  data: T | undefined;
  loading: boolean;
  error: string | null;
  /** the error as thrown, with its code and location */
  failure: ApiError | Error | null;
  reload: () => void;
}

/**
 * Reads `channel(input)` through the cache. `input === null` means "not yet"
 * (e.g. no category chosen). While refreshing, the previous data stays.
 */
export function useQuery<C extends Channel>(channel: C, input: InputOf<C> | null): Query<OutputOf<C>> {
  const q = useTanstackQuery({
    queryKey: [channel, input],
    queryFn: () => send(channel, input as InputOf<C>),
    enabled: input !== null,
  });
  const { refetch } = q;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: q.data,
    loading: input !== null && q.isFetching,
    error: q.error ? errorMessage(q.error) : null,
    failure: q.error ?? null,
    reload,
  };
}

export interface ActionOptions {
  /** shown with message.success when the call succeeds */
  success?: string;
  /** shown before the server's message, e.g. "保存失败" */
  failure?: string;
  /** show the error in a modal rather than a toast (for long messages) */
  modal?: boolean;
}

/**
 * Returns `run(channel, input, options)`: calls the back end, shows the
 * server's message on failure (and returns undefined), or the success text.
 */
export function useAction() {
  const { message, modal } = App.useApp();
  return useCallback(
    async <C extends Channel>(channel: C, input: InputOf<C>, opts: ActionOptions = {}): Promise<OutputOf<C> | undefined> => {
      try {
        const value = await call(channel, input);
        if (opts.success) void message.success(opts.success);
        return value;
      } catch (e) {
        const text = errorMessage(e);
        if (opts.modal) {
          modal.error({ title: opts.failure ?? '操作未完成', content: text, okText: '知道了' });
        } else {
          void message.error({ content: opts.failure ? `${opts.failure}：${text}` : text, duration: 6 });
        }
        return undefined;
      }
    },
    [message, modal],
  );
}
