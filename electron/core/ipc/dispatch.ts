// One dispatcher for every transport (Electron IPC, the Chromium host, tests):
// validates the channel and input, runs the handler, validates the output, and
// returns a result envelope with a Chinese message. It never throws.
import { z } from 'zod';
import { contract, isChannel, type Channel, type OutputOf, type ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { AppError } from '../../../shared/errors.ts';

export type Handlers = { [C in Channel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> };

function describeIssue(issue: z.core.$ZodIssue): { path: string; message: string } {
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
  let message = issue.message;
  if (issue.code === 'invalid_type') {
    message = (issue as { input?: unknown }).input === undefined ? '缺少此项' : `类型不对，应为${typeName(issue.expected)}`;
  } else if (issue.code === 'unrecognized_keys') {
    message = `含有不认识的字段：${issue.keys.join('、')}`;
  } else if (issue.code === 'invalid_value') {
    message = `取值不在允许范围内（允许：${issue.values.map(String).join('、')}）`;
  } else if (issue.code === 'invalid_union') {
    message = '内容格式不对';
  } else if (/^(Invalid|Too|Expected|Unrecognized)/.test(message)) {
    message = issue.code === 'too_small' ? `不能小于 ${String((issue as { minimum: unknown }).minimum)}` : issue.code === 'too_big' ? `不能大于 ${String((issue as { maximum: unknown }).maximum)}` : '内容格式不对';
  }
  return { path, message };
}

function typeName(t: string): string {
  return ({ number: '数字', string: '文字', boolean: '是/否', object: '对象', array: '列表', int: '整数' } as Record<string, string>)[t] ?? t;
}

export function zodMessage(err: z.ZodError, what: string): { message: string; path: string } {
  const first = err.issues[0];
  if (!first) return { message: `${what}格式不对`, path: '' };
  const { path, message } = describeIssue(first);
  const more = err.issues.length > 1 ? `（另有${err.issues.length - 1}处问题）` : '';
  return { message: `${what}${path ? `“${path}”` : ''}：${message}${more}`, path };
}

export function createDispatcher(handlers: Handlers, opts: { onInternalError?: (channel: string, e: unknown) => void } = {}) {
  return async function dispatch(channel: unknown, input: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `未知的请求通道“${String(channel).slice(0, 60)}”。` } };
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const { message, path } = zodMessage(parsed.error, '请求参数');
      return { ok: false, error: { code: 'invalid_input', message, path } };
    }
    try {
      const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        opts.onInternalError?.(channel, out.error);
        return { ok: false, error: { code: 'invalid_output', message: `内部错误：“${channel}”返回的数据不符合约定（${zodMessage(out.error, '返回值').message}）。` } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message } };
      if (e instanceof z.ZodError) {
        const { message, path } = zodMessage(e, '数据');
        return { ok: false, error: { code: 'invalid_input', message, path } };
      }
      opts.onInternalError?.(channel, e);
      return { ok: false, error: { code: 'internal', message: `处理“${channel}”时发生内部错误：${(e as Error)?.message ?? String(e)}` } };
    }
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;
