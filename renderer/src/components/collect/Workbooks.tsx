// 采集表: the workbooks that go out to the responsible departments (one per
// department, only its indicators and the subjects they apply to) and to the
// democratic evaluation (one per rater group, or one for all), and their
// import back with a preview (WorkbooksImport.tsx). One workbook is saved
// where the user chooses (pickPath 'save'); 全部生成 writes one per
// department or group into a chosen folder, with its progress and a stop.
import { useRef, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Progress, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FolderOpenOutlined, UploadOutlined } from '@ant-design/icons';
import { call, errorMessage, useQuery } from '../../api.ts';
import { useCan } from '../../auth/session.ts';
import { useAppState } from '../../context.ts';
import { EditButton } from '../../lock.tsx';
import { pickPath } from '../../pickPath.ts';
import { joinPath, safeFileName } from '../../collect/download.ts';
import { QueryError } from '../common.tsx';
import { useWorkbookImport } from './WorkbooksImport.tsx';

type TemplateInput = { kind: 'scores'; departmentId: number } | { kind: 'tallies'; raterGroupId?: number };

interface BatchItem {
  name: string;
  input: TemplateInput;
  fileName: string;
}

interface BatchState {
  done: number;
  total: number;
  label: string;
  stopping: boolean;
}

interface BatchReport {
  folder: string;
  written: string[];
  failed: { name: string; message: string }[];
  stopped: boolean;
}

export function Workbooks() {
  const { cycle } = useAppState();
  const { message } = App.useApp();
  const canEdit = useCan('edit');
  const depts = useQuery('listDepartmentDetails', { cycleId: cycle.id });
  const groups = useQuery('listRaterGroups', { cycleId: cycle.id });
  const imp = useWorkbookImport();
  const [writing, setWriting] = useState<string | null>(null);
  const [batch, setBatch] = useState<BatchState | null>(null);
  const [report, setReport] = useState<BatchReport | null>(null);
  const stop = useRef(false);

  const deptFile = (name: string) => safeFileName(`${cycle.name}-${name}-采集表.xlsx`);
  const groupFile = (name: string | null) => safeFileName(`${cycle.name}-民主测评票数表${name ? `-${name}` : ''}.xlsx`);

  /** One workbook, saved where the user says. */
  const writeOne = async (key: string, title: string, input: TemplateInput, fileName: string) => {
    const file = await pickPath({ mode: 'save', title, defaultName: fileName, extensions: ['xlsx'] });
    if (!file) return;
    setWriting(key);
    try {
      const r = await call('writeCollectTemplate', { cycleId: cycle.id, ...input, filePath: file }, { refresh: false });
      void message.success({ content: `已生成采集表（${r.sheets.length} 个工作表，${r.cells} 个待填单元格）：${r.filePath}`, duration: 5 });
    } catch (e) {
      void message.error({ content: `采集表未生成：${errorMessage(e)}`, duration: 8 });
    } finally {
      setWriting(null);
    }
  };

  /** One workbook per item, into a folder the user chooses; a failure is reported and the others go on. */
  const writeAll = async (title: string, items: BatchItem[]) => {
    if (items.length === 0) return;
    const folder = await pickPath({ mode: 'folder', title });
    if (!folder) return;
    stop.current = false;
    setReport(null);
    const out: BatchReport = { folder, written: [], failed: [], stopped: false };
    for (const [i, it] of items.entries()) {
      if (stop.current) {
        out.stopped = true;
        break;
      }
      setBatch({ done: i, total: items.length, label: it.name, stopping: false });
      try {
        await call('writeCollectTemplate', { cycleId: cycle.id, ...it.input, filePath: joinPath(folder, it.fileName) }, { refresh: false });
        out.written.push(it.fileName);
      } catch (e) {
        out.failed.push({ name: it.name, message: errorMessage(e) });
      }
    }
    setBatch(null);
    setReport(out);
  };

  const busy = writing !== null || batch !== null;
  const deptRows = depts.data ?? [];
  const withIndicators = deptRows.filter((d) => d.fillableCount > 0);
  const groupRows = groups.data ?? [];

  return (
    <div data-testid="workbooks">
      <QueryError error={depts.error ?? groups.error} onRetry={() => (depts.reload(), groups.reload())} />
      {batch ? (
        <div className="job-progress" data-testid="batch-progress">
          <Space style={{ width: '100%' }} align="center">
            <Typography.Text>正在生成：{batch.label}</Typography.Text>
            <Typography.Text type="secondary">{`${batch.done} / ${batch.total}`}</Typography.Text>
            <Button
              size="small"
              danger
              disabled={batch.stopping}
              onClick={() => {
                stop.current = true;
                setBatch((b) => (b ? { ...b, stopping: true } : b));
              }}
            >
              {batch.stopping ? '正在停止…' : '停止'}
            </Button>
          </Space>
          <Progress percent={Math.round((batch.done / batch.total) * 100)} status="active" />
        </div>
      ) : null}
      {report ? (
        <Alert
          style={{ marginBottom: 10 }}
          type={report.failed.length > 0 || report.stopped ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setReport(null)}
          data-testid="batch-report"
          title={`已生成 ${report.written.length} 个采集表${report.stopped ? '（已停止）' : ''}，保存在：${report.folder}`}
          description={
            report.failed.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {report.failed.map((f) => (
                  <li key={f.name}>
                    {f.name}：{f.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}

      <section style={{ marginBottom: 20 }}>
        <div className="panel-title">
          <span>导入填好的采集表</span>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          选择责任单位或测评组填好后交回的采集表：先列出将要修改的每一项（原值 → 新值），确认后一次写入并重新计算结果。只接受本考核年度“{cycle.name}”生成的采集表。
        </Typography.Paragraph>
        <div className="toolbar">
          <EditButton scope="data" testId="btn-import-workbook" type="primary" icon={<UploadOutlined />} disabled={imp.busy} onClick={() => void imp.choose()}>
            导入采集表…
          </EditButton>
        </div>
        {imp.view}
      </section>

      <section style={{ marginBottom: 20 }}>
        <div className="panel-title">
          <span>分数采集表（按责任单位）</span>
          <Button
            data-testid="btn-generate-all-departments"
            icon={<FolderOpenOutlined />}
            disabled={!canEdit || busy || withIndicators.length === 0}
            onClick={() => void writeAll('选择保存全部采集表的文件夹', withIndicators.map((d) => ({ name: d.name, input: { kind: 'scores', departmentId: d.id }, fileName: deptFile(d.name) })))}
          >
            全部生成（{withIndicators.length}）
          </Button>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          每个责任单位一个 Excel 文件：只含该单位负责的末级指标和适用的考核对象，已填的数据预先填入；表头受保护，单元格按计分方法限制输入，附填报说明。
        </Typography.Paragraph>
        <Table
          size="small"
          data-testid="department-workbooks"
          rowKey="id"
          loading={depts.loading && !depts.data}
          dataSource={deptRows}
          pagination={false}
          scroll={{ y: 320 }}
          locale={{ emptyText: '本年度还没有责任单位，请在“考核对象”中添加，并在“指标体系”中为指标指定责任单位。' }}
          onRow={(d) => ({ 'data-testid': `dept-row-${d.id}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: '责任单位', dataIndex: 'name' },
            { key: 'contact', title: '联系人', dataIndex: 'contact', width: 200 },
            { key: 'count', title: '填报指标', dataIndex: 'fillableCount', width: 90, align: 'right' },
            {
              key: 'actions',
              title: '操作',
              width: 230,
              render: (_, d) => (
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    data-testid={`btn-template-dept-${d.id}`}
                    disabled={!canEdit || busy || d.fillableCount === 0}
                    loading={writing === `d${d.id}`}
                    onClick={() => void writeOne(`d${d.id}`, `保存“${d.name}”的采集表`, { kind: 'scores', departmentId: d.id }, deptFile(d.name))}
                  >
                    生成采集表
                  </Button>
                  <EditButton scope="data" size="small" icon={<UploadOutlined />} testId={`btn-import-dept-${d.id}`} disabled={imp.busy || d.fillableCount === 0} onClick={() => void imp.choose({ departmentId: d.id, departmentName: d.name })}>
                    导入
                  </EditButton>
                </Space>
              ),
            },
          ]}
        />
      </section>

      <section style={{ marginBottom: 20 }}>
        <div className="panel-title">
          <span>民主测评票数表（按测评组）</span>
          <Space>
            <Button
              data-testid="btn-template-tallies-all"
              icon={<DownloadOutlined />}
              disabled={!canEdit || busy || groupRows.length === 0}
              loading={writing === 'g-all'}
              onClick={() => void writeOne('g-all', '保存全部测评组的票数表', { kind: 'tallies' }, groupFile(null))}
            >
              全部测评组一个文件
            </Button>
            <Button
              data-testid="btn-generate-all-groups"
              icon={<FolderOpenOutlined />}
              disabled={!canEdit || busy || groupRows.length === 0}
              onClick={() => void writeAll('选择保存各测评组票数表的文件夹', groupRows.map((g) => ({ name: g.name, input: { kind: 'tallies', raterGroupId: g.id }, fileName: groupFile(g.name) })))}
            >
              全部生成（{groupRows.length}）
            </Button>
          </Space>
        </div>
        <Table
          size="small"
          data-testid="group-workbooks"
          rowKey="id"
          loading={groups.loading && !groups.data}
          dataSource={groupRows}
          pagination={false}
          locale={{ emptyText: '本年度还没有民主测评的测评组。' }}
          columns={[
            { key: 'name', title: '测评组', dataIndex: 'name' },
            { key: 'kind', title: '测评对象', width: 120, render: (_, g) => (g.subjectKind === 'unit' ? '被考核单位' : '领导干部') },
            {
              key: 'actions',
              title: '操作',
              width: 230,
              render: (_, g) => (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  data-testid={`btn-template-rg-${g.id}`}
                  disabled={!canEdit || busy}
                  loading={writing === `g${g.id}`}
                  onClick={() => void writeOne(`g${g.id}`, `保存“${g.name}”的票数表`, { kind: 'tallies', raterGroupId: g.id }, groupFile(g.name))}
                >
                  生成票数表
                </Button>
              ),
            },
          ]}
        />
      </section>
    </div>
  );
}
