// One dispatcher for every transport (Electron IPC, the Chromium host, tests):
// checks the size of the input, validates the channel and input, runs the
// handler, validates the output, and returns a result envelope with a Chinese
// message and, as data, where the problem is. It never throws, never echoes
// the input back, and gives an internal error a reference the log can be
// searched for.
import { z } from 'zod';
import { contract, isChannel, type Channel, type OutputOf, type ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { AppError } from '../../../shared/errors.ts';
import { zodChineseMap } from '../zod-chinese.ts';
import { inputTooLarge } from './limits.ts';

export type Handlers = { [C in Channel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> };

const ipcErrorMap = zodChineseMap({ echo: false });

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** The first issue of a zod error as a Chinese sentence, and the field it is about. */
export function zodMessage(err: z.ZodError, what: string): { message: string; path: string } {
  const first = err.issues[0];
  if (!first) return { message: `${what}格式不对`, path: '' };
  const path = pathText(first.path);
  const more = err.issues.length > 1 ? `（另有${err.issues.length - 1}处问题）` : '';
  return { message: `${what}${path ? `“${path}”` : ''}：${first.message}${more}`, path };
}

let refCounter = 0;
/** A short reference for an internal error, printed with the details to the log. */
function errorRef(): string {
  refCounter = (refCounter + 1) % 1296;
  return `E${Date.now().toString(36).toUpperCase()}${refCounter.toString(36).toUpperCase().padStart(2, '0')}`;
}

export interface DispatchOptions {
  /** where internal errors go (with their reference); the default is stderr */
  onInternalError?: (channel: string, e: unknown, ref: string) => void;
}

export function createDispatcher(handlers: Handlers, opts: DispatchOptions = {}) {
  const report = opts.onInternalError ?? ((channel: string, e: unknown, ref: string) => console.error(`[kaohe] ${ref} ${channel}:`, e));
  return async function dispatch(channel: unknown, input: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: '未知的请求通道，请求已被拒绝。' } };
    }
    const spec = contract[channel];
    const tooLarge = inputTooLarge(channel, input);
    if (tooLarge) return { ok: false, error: { code: 'invalid_input', message: tooLarge.message, location: { kind: 'field', path: tooLarge.path } } };
    const parsed = spec.input.safeParse(input ?? {}, { error: ipcErrorMap });
    if (!parsed.success) {
      const { message, path } = zodMessage(parsed.error, '请求参数');
      return { ok: false, error: { code: 'invalid_input', message, location: { kind: 'field', path } } };
    }
    try {
      const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        const ref = errorRef();
        report(channel, out.error, ref);
        return { ok: false, error: { code: 'invalid_output', message: `内部错误：返回的数据不符合约定，请联系技术支持（参考编号 ${ref}）。`, ref } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) } };
      if (e instanceof z.ZodError) {
        const { message, path } = zodMessage(e, '数据');
        return { ok: false, error: { code: 'invalid_input', message, location: { kind: 'field', path } } };
      }
      const ref = errorRef();
      report(channel, e, ref);
      return { ok: false, error: { code: 'internal', message: `处理请求时发生内部错误，操作未完成，数据未被改动。请联系技术支持（参考编号 ${ref}）。`, ref } };
    }
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;
