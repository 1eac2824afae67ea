// 导入方案文件: a whole plan (.json or .xlsx, docs/plan-format.md) into a new
// year. The file is chosen in the native dialog (pickPath); importPlan reads
// and checks it in a worker with progress and 取消 (nothing written when
// cancelled or refused), then writes it in one transaction. A refusal lists
// every problem with its place (sheet, row, column or JSON path).
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { FolderOpenOutlined, ImportOutlined } from '@ant-design/icons';
import type { ErrorLocation } from '../../../../shared/errors.ts';
import type { CycleSummary, OutputOf } from '../../../../shared/ipc/contract.ts';
import { ApiError, call, errorMessage } from '../../api.ts';
import { useJob } from '../../jobs.tsx';
import { baseName, pickPath } from '../../pickPath.ts';
import { CopyCounts } from './CopyCycleForm.tsx';

interface Failure {
  code: string | null;
  headline: string;
  problems: string[];
  location: ErrorLocation | undefined;
  cancelled: boolean;
}

function placeOf(loc: ErrorLocation | undefined): string | null {
  if (!loc) return null;
  if (loc.kind === 'json') return `文件中的位置：${loc.path}`;
  if (loc.kind === 'sheet') return `工作表“${loc.sheet}”${loc.row ? `第${loc.row}行` : ''}${loc.column ? `第${loc.column}列` : ''}`;
  return null;
}

const NAME_TAKEN_HINT = '请在“新年度名称”中另取一个名称，再导入。';

function failureOf(e: unknown): Failure {
  const lines = errorMessage(e)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { code: e instanceof ApiError ? e.code : null, headline: lines[0] ?? '导入失败', problems: lines.slice(1), location: e instanceof ApiError ? e.location : undefined, cancelled: e instanceof ApiError && e.code === 'cancelled' };
}

export function ImportPlanForm({ onCreated, onCancel }: { onCreated: (c: CycleSummary) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<string | null>(null);
  const [name, setName] = useState('');
  // the progress bar with 取消 (the lead's jobs.tsx); the refusal is shown here, with its places
  const job = useJob();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<OutputOf<'importPlan'> | null>(null);

  const choose = async () => {
    try {
      const p = await pickPath({ mode: 'open', title: '选择考核方案文件', extensions: ['json', 'xlsx'] });
      if (p) {
        setFile(p);
        setFailure(null);
        setDone(null);
      }
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      const out = await job.track('正在导入方案文件…', (jobId) => call('importPlan', { filePath: file, jobId, ...(name.trim() ? { name: name.trim() } : {}) }));
      void message.success(`已导入“${out.cycle.name}”`);
      setDone(out);
    } catch (e) {
      setFailure(failureOf(e));
    } finally {
      setBusy(false);
    }
  };
  // a name already taken: the fix is the name field, not a place in the file
  const nameTaken = failure?.code === 'conflict';
  const place = nameTaken ? NAME_TAKEN_HINT : placeOf(failure?.location);

  return (
    <div data-testid="import-plan-form">
      <Typography.Paragraph type="secondary">
        导入按《考核方案文件格式》编写的 JSON 文件或填好的 Excel 工作簿（可用“kaohe template”生成空白模板）。每次导入都新建一个考核年度，连同其中的得分、测评票数和加减分事项；文件有任何问题都不会写入，并逐条指出位置。
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="方案文件" required>
          <Space>
            <Button icon={<FolderOpenOutlined />} onClick={() => void choose()} disabled={busy} data-testid="import-choose">
              选择文件…
            </Button>
            <Typography.Text data-testid="import-file" type={file ? undefined : 'secondary'} title={file ?? undefined}>
              {file ? baseName(file) : '尚未选择（.json 或 .xlsx）'}
            </Typography.Text>
          </Space>
        </Form.Item>
        <Form.Item label="新年度名称" extra="留空则用文件中的名称；已有同名的考核年度时须另取一个。" validateStatus={nameTaken ? 'error' : undefined}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} style={{ width: 360 }} placeholder="（文件中的名称）" data-testid="import-name" disabled={busy} />
        </Form.Item>
      </Form>

      {job.view ? <div style={{ marginBottom: 12 }}>{job.view}</div> : null}

      {failure ? (
        <Alert
          type={failure.cancelled ? 'info' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="import-error"
          title={failure.headline}
          description={
            failure.problems.length > 0 || place ? (
              <>
                {failure.problems.length > 0 ? (
                  <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 240, overflow: 'auto' }} data-testid="import-problems">
                    {failure.problems.map((p, i) => (
                      <li key={i}>{p}</li>
                    ))}
                  </ul>
                ) : null}
                {place ? <div data-testid="import-place">{place}</div> : null}
              </>
            ) : undefined
          }
        />
      ) : null}

      {done ? (
        <div data-testid="import-done" style={{ marginBottom: 12 }}>
          <Alert type="success" showIcon title={`已导入“${done.cycle.name}”（${done.cycle.year}年）`} style={{ marginBottom: 8 }} />
          <CopyCounts counts={done.counts} prefix="import" />
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="import-data-counts">
            另有得分 {done.counts.scoreEntries} 项、测评票数 {done.counts.ballots} 条、加减分和否决事项 {done.counts.events} 项。
          </Typography.Paragraph>
          {done.warnings.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title="请留意："
              data-testid="import-warnings"
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {done.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </div>
      ) : null}

      <div className="modal-actions" style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        {done ? (
          <Button type="primary" onClick={() => onCreated(done.cycle)} data-testid="import-open">
            打开“{done.cycle.name}”
          </Button>
        ) : (
          <>
            <Button onClick={onCancel} disabled={busy}>
              取消
            </Button>
            <Button type="primary" icon={<ImportOutlined />} onClick={() => void start()} disabled={!file} loading={busy} data-testid="import-ok">
              导入
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
