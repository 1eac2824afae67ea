// The renderer's only way to the back end: `window.api`, unwrapped.
// `call` returns the value or throws an ApiError carrying the server's Chinese
// message; `useQuery` loads data for a screen; `useAction` runs a user's
// action and shows the message where the user acted.
import { useCallback, useEffect, useState } from 'react';
import { App } from 'antd';
import type { Channel, InputOf, OutputOf } from '../../shared/ipc/contract.ts';
import type { ApiErrorBody, Envelope } from '../../shared/ipc/envelope.ts';

export class ApiError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly channel: Channel;
  constructor(channel: Channel, body: ApiErrorBody | { code: string; message: string; path?: string }) {
    super(body.message);
    this.name = 'ApiError';
    this.channel = channel;
    this.code = body.code;
    this.path = body.path;
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
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
  throw new ApiError(channel, env.error);
}

export interface Query<T> {
  data: T | undefined;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

interface QueryState<T> {
  key: string | null;
  tick: number;
  data?: T;
  error: string | null;
}

/**
 * Loads `channel(input)` and reloads when the input changes (compared by
 * value) or when `reload()` is called. `input === null` means "not yet"
 * (e.g. no category chosen). While reloading, the previous data stays.
 */
export function useQuery<C extends Channel>(channel: C, input: InputOf<C> | null): Query<OutputOf<C>> {
  const key = input === null ? null : `${channel}:${JSON.stringify(input)}`;
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<QueryState<OutputOf<C>>>({ key: null, tick: -1, error: null });

  useEffect(() => {
    if (key === null) return;
    let alive = true;
    const parsed = JSON.parse(key.slice(channel.length + 1)) as InputOf<C>;
    call(channel, parsed).then(
      (value) => {
        if (alive) setState({ key, tick, data: value, error: null });
      },
      (e: unknown) => {
        if (alive) setState((s) => ({ key, tick, data: s.key === key ? s.data : undefined, error: errorMessage(e) }));
      },
    );
    return () => {
      alive = false;
    };
  }, [channel, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = key !== null && state.key === key;
  return {
    data: current ? state.data : undefined,
    loading: key !== null && (state.key !== key || state.tick !== tick),
    error: current ? state.error : null,
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
