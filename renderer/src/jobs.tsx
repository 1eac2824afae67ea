// A long call with a progress bar and a 取消 button. The call carries a job
// id made up here; while it runs, jobProgress is asked a few times a second
// and cancelJob stops it (the server writes nothing it has not finished).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { App, Button, Progress, Space, Typography } from 'antd';
import type { Channel, InputOf, OutputOf } from '../../shared/ipc/contract.ts';
import type { JobState } from '../../shared/ipc/contract-shell.ts';
import { ApiError, call, errorMessage, type ActionOptions } from './api.ts';

/** The channels that take a job id. */
export type JobChannel = { [C in Channel]: 'jobId' extends keyof InputOf<C> ? C : never }[Channel];
type JobInput<C extends JobChannel> = Omit<InputOf<C>, 'jobId'>;

const POLL_MS = 250;
const SHOW_AFTER_MS = 300;

/** The error of a call the user cancelled (nothing of it was written). */
export function isCancelled(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'cancelled';
}

/** A v4 UUID from getRandomValues (randomUUID needs a secure context, which the test host's page is not). */
export function newJobId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface JobOptions extends ActionOptions {
  /** what the progress bar says before the server reports, e.g. 正在导入 */
  title: string;
}

export function useJob() {
  const { message, modal } = App.useApp();
  const [running, setRunning] = useState<{ jobId: string; title: string; state: JobState | null } | null>(null);
  const timer = useRef<number | null>(null);
  const stopPolling = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stopPolling, []);

  /** Runs `fn` with a new job id, showing its progress; errors reach the caller as thrown. */
  const track = useCallback(async <T,>(title: string, fn: (jobId: string) => Promise<T>): Promise<T> => {
    const jobId = newJobId();
    stopPolling();
    // a call that answers at once shows no bar (no flicker); a long one shows it after a moment
    const show = window.setTimeout(() => setRunning({ jobId, title, state: null }), SHOW_AFTER_MS);
    timer.current = window.setInterval(() => {
      call('jobProgress', { jobId }).then(
        (state) => setRunning((r) => (r && r.jobId === jobId && state.state !== 'unknown' ? { ...r, state } : r)),
        () => undefined,
      );
    }, POLL_MS);
    try {
      return await fn(jobId);
    } finally {
      window.clearTimeout(show);
      stopPolling();
      setRunning((r) => (r && r.jobId === jobId ? null : r));
    }
  }, []);

  /** Calls a long channel with a job id; shows the server's message on failure and returns null (a cancel is told as such). */
  const start = useCallback(
    async <C extends JobChannel>(channel: C, input: JobInput<C>, opts: JobOptions): Promise<OutputOf<C> | null> => {
      try {
        const value = await track(opts.title, (jobId) => call(channel, { ...input, jobId } as InputOf<C>));
        if (opts.success) void message.success(opts.success);
        return value;
      } catch (e) {
        if (isCancelled(e)) {
          void message.info(errorMessage(e));
        } else if (opts.modal) {
          modal.error({ title: opts.failure ?? '操作未完成', content: errorMessage(e), okText: '知道了' });
        } else {
          void message.error({ content: opts.failure ? `${opts.failure}：${errorMessage(e)}` : errorMessage(e), duration: 6 });
        }
        return null;
      }
    },
    [message, modal, track],
  );

  const cancel = useCallback(() => {
    if (running) void call('cancelJob', { jobId: running.jobId }).catch(() => undefined);
  }, [running]);

  const s = running?.state;
  const percent = s && s.total > 0 ? Math.min(100, Math.round((s.done / s.total) * 100)) : 0;
  const view: ReactNode = running ? (
    <div className="job-progress" data-testid="job-progress">
      <Space style={{ width: '100%' }} align="center">
        <Typography.Text>{s?.label ?? running.title}</Typography.Text>
        {s && s.total > 0 ? <Typography.Text type="secondary" data-testid="job-count">{`${s.done} / ${s.total}`}</Typography.Text> : null}
        <Button size="small" danger onClick={cancel} disabled={s?.cancelled === true} data-testid="job-cancel">
          {s?.cancelled ? '正在取消…' : '取消'}
        </Button>
      </Space>
      {/* without a count (a save in one transaction) the bar runs full, as "working" */}
      <Progress percent={s && s.total > 0 ? percent : 100} status="active" showInfo={s !== null && s !== undefined && s.total > 0} />
    </div>
  ) : null;

  return { start, track, running: running !== null, view, cancel };
}
