// One dispatcher for every transport (Electron IPC, the Chromium host, tests):
// checks the size of the input, validates the channel and input, runs the
// handler, validates the output, and returns a result envelope with a Chinese
// message and, as data, where the problem is. It never throws, never echoes
// the input back, and gives an internal error a reference the log can be
// searched for.
//
// Two paths (issue 9): with `auth`, the checked path every transport that
// carries a page's calls uses (Electron IPC, the Chromium host): the
// window's session is looked up, refused when absent, idle or lacking the
// channel's permission (security/permissions.ts) — before the handler runs —
// and the handler runs as the signed-in user. Without `auth`, the trusted
// in-process path of tests, the command line and the demo: the context's
// system actor acts, as before.
import { z } from 'zod';
import { contract, isChannel, type Channel, type OutputOf, type ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { AppError } from '../../../shared/errors.ts';
import { zodChineseMap } from '../zod-chinese.ts';
import { inputTooLarge } from './limits.ts';
import { MUST_CHANGE_OPEN, ruleFor, ruleNeedsInput } from '../security/permissions.ts';
import { callScope, type ScopeActor, type SessionHolder } from '../security/scope.ts';
import type { Permission } from '../../../shared/security.ts';
import { PERMISSION_LABELS } from '../../../shared/security.ts';

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

/** What the checked path asks: the live session of a window's holder (security/auth.ts). */
export interface Authorizer {
  requireSession(holder: SessionHolder, opts?: { allowMustChange?: boolean }): Promise<{ userId: number; name: string; permissions: readonly Permission[] }>;
}

export interface DispatchOptions {
  /** where internal errors go (with their reference); the default is stderr */
  onInternalError?: (channel: string, e: unknown, ref: string) => void;
  /** the checked path: every call needs a session with the channel's permission */
  auth?: Authorizer;
}

function errorEnvelope(e: AppError): Envelope<never> {
  return { ok: false, error: { code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) } };
}

export function createDispatcher(handlers: Handlers, opts: DispatchOptions = {}) {
  const report = opts.onInternalError ?? ((channel: string, e: unknown, ref: string) => console.error(`[kaohe] ${ref} ${channel}:`, e));
  const auth = opts.auth;

  /** The checked path's verdict: the actor, or the refusal. */
  async function authorize(channel: Channel, input: unknown, holder: SessionHolder, parsed: boolean): Promise<ScopeActor | null | AppError> {
    if (!auth) return null;
    // a rule that depends on the input is decided once the input is parsed (and is never public)
    const deferred = !parsed && ruleNeedsInput(channel);
    const rule = deferred ? 'session' : ruleFor(channel, input);
    if (rule === 'public') return null;
    try {
      const s = await auth.requireSession(holder, { allowMustChange: MUST_CHANGE_OPEN.has(channel) });
      const actor = { id: s.userId, name: s.name };
      if (rule === 'session') return actor;
      if (rule === null) return new AppError('forbidden', '此操作尚未开放给任何角色，请求已被拒绝。');
      if (!rule.some((p) => s.permissions.includes(p))) {
        return new AppError('forbidden', `当前账号没有“${rule.map((p) => PERMISSION_LABELS[p]).join('”或“')}”的权限，操作已被拒绝。`);
      }
      return actor;
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
  }

  return async function dispatch(channel: unknown, input: unknown, holder?: SessionHolder): Promise<Envelope<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: '未知的请求通道，请求已被拒绝。' } };
    }
    const session: SessionHolder = holder ?? { token: null };
    // the session and, where it does not depend on the input, the permission: before anything else is looked at
    const early = await authorize(channel, undefined, session, false);
    if (early instanceof AppError) return errorEnvelope(early);
    const spec = contract[channel];
    const tooLarge = inputTooLarge(channel, input);
    if (tooLarge) return { ok: false, error: { code: 'invalid_input', message: tooLarge.message, location: { kind: 'field', path: tooLarge.path } } };
    const parsed = spec.input.safeParse(input ?? {}, { error: ipcErrorMap });
    if (!parsed.success) {
      const { message, path } = zodMessage(parsed.error, '请求参数');
      return { ok: false, error: { code: 'invalid_input', message, location: { kind: 'field', path } } };
    }
    let actor = early;
    if (auth && ruleNeedsInput(channel)) {
      const late = await authorize(channel, parsed.data, session, true);
      if (late instanceof AppError) return errorEnvelope(late);
      actor = late;
    }
    try {
      const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
      const value = await callScope.run({ actor, holder: session, trusted: !auth }, () => handler(parsed.data));
      const out = spec.output.safeParse(value);
      if (!out.success) {
        const ref = errorRef();
        report(channel, out.error, ref);
        return { ok: false, error: { code: 'invalid_output', message: `内部错误：返回的数据不符合约定，请联系技术支持（参考编号 ${ref}）。`, ref } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return errorEnvelope(e);
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
