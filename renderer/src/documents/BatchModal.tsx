// 批量生成反馈函: every unit's letter, one after another, with a progress bar,
// a cancel that stops between letters (those written stay registered), and
// a summary of what was written and what was skipped and why.
import { useRef, useState } from 'react';
import { Alert, Button, Modal, Progress, Typography } from 'antd';
import { call, errorMessage, refreshAll, useQuery } from '../api.ts';
import { useAppState } from '../context.ts';

export interface BatchUnit {
  id: number;
  name: string;
}

type Run = { done: number; total: number; current: string; written: number; skipped: { name: string; reason: string }[]; cancelled: boolean; finished: boolean };

export function BatchModal({ units, open, onClose }: { units: BatchUnit[]; open: boolean; onClose: () => void }) {
  const { cycle } = useAppState();
  const info = useQuery('appInfo', open ? {} : null);
  const [state, setState] = useState<Run | null>(null);
  const stop = useRef(false);
  const folder = info.data ? `${info.data.documentsDir}/${cycle.year}/反馈函` : '';

  const start = async () => {
    stop.current = false;
    const r: Run = { done: 0, total: units.length, current: '', written: 0, skipped: [], cancelled: false, finished: false };
    setState({ ...r });
    for (const u of units) {
      if (stop.current) {
        r.cancelled = true;
        break;
      }
      r.current = u.name;
      setState({ ...r });
      try {
        // one refresh of the screens after the batch, not one per letter
        await call('generateFeedbackLetter', { cycleId: cycle.id, unitId: u.id }, { refresh: false });
        r.written++;
      } catch (e) {
        r.skipped.push({ name: u.name, reason: errorMessage(e) });
      }
      r.done++;
      setState({ ...r });
    }
    r.finished = true;
    r.current = '';
    setState({ ...r });
    await refreshAll();
  };

  const running = state !== null && !state.finished;
  const close = () => {
    setState(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title="批量生成反馈函"
      closable={!running}
      mask={{ closable: false }}
      onCancel={close}
      data-testid="batch-modal"
      footer={
        state === null ? (
          <>
            <Button onClick={close}>取消</Button>
            <Button type="primary" onClick={() => void start()} data-testid="batch-start">
              开始生成
            </Button>
          </>
        ) : running ? (
          <Button danger onClick={() => (stop.current = true)} data-testid="batch-cancel">
            停止
          </Button>
        ) : (
          <Button type="primary" onClick={close} data-testid="batch-done">
            完成
          </Button>
        )
      }
    >
      {state === null ? (
        <>
          <Typography.Paragraph>将为 {units.length} 个已有计算结果的单位各生成一份反馈函，每份取新文号并登记；已生成过的单位再生成一份新的，替代原来的一份。</Typography.Paragraph>
          <Typography.Paragraph>
            保存位置：<Typography.Text code data-testid="batch-folder">{folder || '…'}</Typography.Text>
          </Typography.Paragraph>
        </>
      ) : (
        <>
          <Progress percent={Math.round((state.done / Math.max(1, state.total)) * 100)} status={running ? 'active' : state.skipped.length || state.cancelled ? 'exception' : 'success'} data-testid="batch-progress" />
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="batch-summary">
            {running
              ? `正在生成：${state.current}（${state.done + 1}/${state.total}）`
              : `${state.cancelled ? '已停止。' : '已完成。'}生成 ${state.written} 份${state.skipped.length ? `，${state.skipped.length} 份未生成` : ''}${state.cancelled ? `，${state.total - state.done} 份未开始` : ''}。`}
          </Typography.Paragraph>
          {!running && folder ? <Typography.Paragraph type="secondary">文件保存在：{folder}</Typography.Paragraph> : null}
          {state.skipped.length > 0 ? (
            <Alert
              type="warning"
              title="未生成的单位"
              description={
                <ul style={{ paddingLeft: 18, margin: 0 }}>
                  {state.skipped.map((s) => (
                    <li key={s.name}>
                      {s.name}：{s.reason}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </>
      )}
    </Modal>
  );
}
