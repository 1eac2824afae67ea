// Importing a filled-in workbook (a department's scores or the tallies):
// choose the file, see what it would change (the stamp: year, department or
// rater group, template version; every change: place, subject, indicator,
// old → new; how many are unchanged), then 确认导入 writes it in one
// transaction and the results are recomputed. The parse runs in the main
// process's worker with a progress bar and 取消. A workbook of another year
// or (from a department's row) of another department is refused with the
// server's message, shown here with its place.
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, App, Button, Descriptions, Space, Table, Typography } from 'antd';
import type { CollectChange, CollectStamp } from '../../../../shared/ipc/contract-collect.ts';
import type { OutputOf } from '../../../../shared/ipc/contract.ts';
import { call, errorMessage } from '../../api.ts';
import { useAppState } from '../../context.ts';
import { isCancelled, useJob } from '../../jobs.tsx';
import { EditButton } from '../../lock.tsx';
import { baseName, pickPath } from '../../pickPath.ts';

/** What the user expects the workbook to be: any of this year, or one department's. */
export interface ImportTarget {
  departmentId?: number;
  departmentName?: string;
}

type Stage =
  | { kind: 'idle' }
  | { kind: 'preview'; file: string; target: ImportTarget; preview: OutputOf<'previewCollect'> }
  | { kind: 'done'; file: string; result: OutputOf<'applyCollect'> }
  | { kind: 'refused'; file: string; target: ImportTarget; message: string };

export function stampText(s: CollectStamp): string {
  return s.kind === 'scores' ? `责任单位“${s.departmentName ?? ''}”的分数采集表` : s.raterGroupName ? `测评组“${s.raterGroupName}”的民主测评票数表` : '全部测评组的民主测评票数表';
}

export function useWorkbookImport(): { choose: (target?: ImportTarget) => Promise<void>; busy: boolean; view: ReactNode } {
  const { cycle } = useAppState();
  const { message } = App.useApp();
  const job = useJob();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });

  /** A long call with its progress bar; a refusal is shown here with its message, a cancel is only told. */
  const run = async <T,>(title: string, file: string, target: ImportTarget, fn: (jobId: string) => Promise<T>): Promise<T | null> => {
    try {
      return await job.track(title, fn);
    } catch (e) {
      if (isCancelled(e)) {
        void message.info(errorMessage(e));
        setStage({ kind: 'idle' });
      } else setStage({ kind: 'refused', file, target, message: errorMessage(e) });
      return null;
    }
  };

  const preview = async (file: string, target: ImportTarget) => {
    setStage({ kind: 'idle' });
    const p = await run(`正在读取“${baseName(file)}”…`, file, target, (jobId) => call('previewCollect', { filePath: file, cycleId: cycle.id, departmentId: target.departmentId, jobId }));
    if (p) setStage({ kind: 'preview', file, target, preview: p });
  };

  const choose = async (target: ImportTarget = {}) => {
    if (job.running) return;
    const file = await pickPath({ mode: 'open', title: target.departmentName ? `选择“${target.departmentName}”填好的采集表` : '选择填好的采集表', extensions: ['xlsx'] });
    if (file) await preview(file, target);
  };

  const apply = async (file: string, target: ImportTarget) => {
    const r = await run('正在导入…', file, target, (jobId) => call('applyCollect', { filePath: file, cycleId: cycle.id, departmentId: target.departmentId, jobId }));
    if (r) setStage({ kind: 'done', file, result: r });
  };

  const close = () => setStage({ kind: 'idle' });

  let body: ReactNode = null;
  if (stage.kind === 'refused') {
    body = (
      <Alert
        type="error"
        showIcon
        closable
        onClose={close}
        data-testid="collect-refused"
        title={`“${baseName(stage.file)}”没有导入`}
        description={<div style={{ whiteSpace: 'pre-wrap' }}>{stage.message}</div>}
        action={
          <Button size="small" onClick={() => void preview(stage.file, stage.target)}>
            重新读取
          </Button>
        }
      />
    );
  } else if (stage.kind === 'done') {
    const r = stage.result;
    body = (
      <Alert
        type={r.warning ? 'warning' : 'success'}
        showIcon
        closable
        onClose={close}
        data-testid="collect-result"
        title={r.changed === 0 ? `“${baseName(stage.file)}”没有变化，没有写入任何数据。` : `已导入“${baseName(stage.file)}”：${r.changed} 项数据已更新${r.recomputed ? '，结果已重新计算' : ''}。`}
        description={
          r.warning ? (
            <span>
              数据已经保存，但结果未能重新计算：{r.warning}
              <br />
              请处理上述问题后到“计算排名”重新计算。
            </span>
          ) : (
            stampText(r.stamp)
          )
        }
      />
    );
  } else if (stage.kind === 'preview') {
    body = <Preview file={stage.file} preview={stage.preview} busy={job.running} onApply={() => void apply(stage.file, stage.target)} onCancel={close} />;
  }

  return {
    choose,
    busy: job.running,
    view: (
      <>
        {job.view}
        {body}
      </>
    ),
  };
}

function Preview({ file, preview, busy, onApply, onCancel }: { file: string; preview: OutputOf<'previewCollect'>; busy: boolean; onApply: () => void; onCancel: () => void }) {
  const s = preview.stamp;
  const none = preview.changes.length === 0;
  return (
    <div data-testid="collect-preview" style={{ marginTop: 4 }}>
      <Descriptions
        size="small"
        bordered
        column={2}
        data-testid="preview-stamp"
        items={[
          { key: 'file', label: '文件', children: baseName(file), span: 2 },
          { key: 'cycle', label: '考核年度', children: s.cycleName },
          { key: 'kind', label: '采集表', children: s.kind === 'scores' ? '分数采集表' : '民主测评票数表' },
          s.kind === 'scores' ? { key: 'dept', label: '责任单位', children: s.departmentName ?? '' } : { key: 'group', label: '测评组', children: s.raterGroupName ?? '全部测评组' },
          { key: 'version', label: '模板版本', children: `第 ${s.version} 版` },
        ]}
      />
      {none ? (
        <Alert
          style={{ marginTop: 10 }}
          type="info"
          showIcon
          data-testid="preview-nochange"
          title="没有变化"
          description={`采集表中的 ${preview.total} 项数据与系统中的一致，导入不会改变任何数据。`}
        />
      ) : (
        <>
          <Typography.Paragraph style={{ margin: '10px 0 6px' }} data-testid="preview-summary">
            将修改 <Typography.Text strong>{preview.changes.length}</Typography.Text> 项，另有 <span data-testid="preview-unchanged">{preview.unchanged}</span> 项与系统中一致、不变。确认后在一个事务中写入，并重新计算结果。
          </Typography.Paragraph>
          <Table<CollectChange>
            size="small"
            data-testid="preview-changes"
            rowKey={(c) => c.cell}
            dataSource={preview.changes}
            pagination={preview.changes.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            onRow={() => ({ 'data-testid': 'preview-change' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'cell', title: '位置', dataIndex: 'cell', width: 150 },
              { key: 'subject', title: '考核对象', dataIndex: 'subjectName', width: 180 },
              { key: 'what', title: s.kind === 'scores' ? '指标' : '项目', dataIndex: 'what' },
              {
                key: 'change',
                title: '原值 → 新值',
                width: 220,
                render: (_, c) => (
                  <span className="change-cell" data-testid="change-value">
                    <Typography.Text type="secondary">{c.old}</Typography.Text>
                    {' → '}
                    <Typography.Text strong>{c.new}</Typography.Text>
                  </span>
                ),
              },
            ]}
          />
        </>
      )}
      <Space style={{ marginTop: 10 }}>
        <EditButton scope="data" testId="btn-apply-collect" type="primary" disabled={none || busy} onClick={onApply}>
          确认导入
        </EditButton>
        <Button data-testid="btn-cancel-collect" onClick={onCancel} disabled={busy}>
          {none ? '关闭' : '取消'}
        </Button>
      </Space>
    </div>
  );
}
