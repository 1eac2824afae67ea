// 批量生成反馈函: every unit's letter into a folder the user picks, written by
// the server one letter per transaction as a job — a progress bar, 取消 that
// stops between letters (the letters written by then stay issued and
// registered), and a summary of what was written, skipped and not started.
import { useState } from 'react';
import { Alert, Button, Modal, Space, Typography } from 'antd';
import { FolderOpenOutlined } from '@ant-design/icons';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { errorMessage, refreshAll, useQuery } from '../api.ts';
import { useAppState } from '../context.ts';
import { useJob } from '../jobs.tsx';
import { pickPath } from '../pickPath.ts';

export interface BatchUnit {
  id: number;
  name: string;
}

type Summary = OutputOf<'generateAllFeedbackLetters'>;

export function BatchModal({ units, open, onClose }: { units: BatchUnit[]; open: boolean; onClose: () => void }) {
  const { cycle } = useAppState();
  const info = useQuery('appInfo', open ? {} : null);
  const job = useJob();
  const [folder, setFolder] = useState<string | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const defaultFolder = info.data ? `${info.data.documentsDir}/${cycle.year}/反馈函` : '';

  const choose = async () => {
    try {
      const dir = await pickPath({ mode: 'folder', title: '选择保存反馈函的文件夹' });
      if (dir) setFolder(dir);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const start = async () => {
    setError(null);
    const r = await job.start('generateAllFeedbackLetters', { cycleId: cycle.id, ...(folder ? { folder } : {}) }, { title: '正在生成反馈函…', failure: '反馈函未能生成' });
    if (r) setSummary(r);
    await refreshAll();
  };

  const close = () => {
    if (job.running) return;
    setSummary(null);
    setError(null);
    onClose();
  };

  const notStarted = summary ? summary.total - summary.written - summary.skipped.length : 0;
  return (
    <Modal
      open={open}
      title="批量生成反馈函"
      closable={!job.running}
      mask={{ closable: false }}
      onCancel={close}
      data-testid="batch-modal"
      footer={
        summary ? (
          <Button type="primary" onClick={close} data-testid="batch-done">
            完成
          </Button>
        ) : job.running ? null : (
          <>
            <Button onClick={close}>取消</Button>
            <Button type="primary" onClick={() => void start()} data-testid="batch-start">
              开始生成
            </Button>
          </>
        )
      }
    >
      {summary === null ? (
        <>
          <Typography.Paragraph>将为 {units.length} 个已有计算结果的单位各生成一份反馈函，每份取新文号并登记；已生成过的单位再生成一份新的，替代原来的一份。</Typography.Paragraph>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <span>
              保存到：<Typography.Text code data-testid="batch-folder">{folder ?? (defaultFolder || '…')}</Typography.Text>
            </span>
            <Button icon={<FolderOpenOutlined />} onClick={() => void choose()} disabled={job.running} data-testid="batch-choose-folder">
              选择文件夹…
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            中途取消时，已生成的反馈函保留并已登记（各有文号，问题已进入整改台账），其余不生成。
          </Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <div style={{ marginTop: 8 }}>{job.view}</div>
        </>
      ) : (
        <>
          <Alert
            type={summary.cancelled || summary.skipped.length > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="batch-summary"
            title={`${summary.cancelled ? '已取消。' : '已完成。'}生成 ${summary.written} 份${summary.skipped.length ? `，${summary.skipped.length} 份未生成` : ''}${summary.cancelled ? `，${notStarted} 份未开始` : ''}。`}
            description={summary.cancelled && summary.written > 0 ? '取消前已生成的反馈函保留在文件夹中，并已登记文号。' : undefined}
          />
          <Typography.Paragraph style={{ marginTop: 8 }}>
            文件保存在：<Typography.Text code data-testid="batch-saved-folder">{summary.folder}</Typography.Text>
          </Typography.Paragraph>
          {summary.skipped.length > 0 ? (
            <Alert
              type="warning"
              title="未生成的单位"
              description={
                <ul style={{ paddingLeft: 18, margin: 0 }}>
                  {summary.skipped.map((s) => (
                    <li key={s.unitId}>
                      {s.unitName}：{s.reason}
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
