// 数据交换 (operator): score cells, 民主测评 tallies and events of a year
// (all or some of these, of all or some categories) out to a signed and
// encrypted package, and in from one — previewed first (what it changes,
// what conflicts with this machine's own changes), then imported with the
// conflicts kept or taken.
import { useState } from 'react';
import { App, Button, Checkbox, Descriptions, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { ExportOutlined, ImportOutlined } from '@ant-design/icons';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, useAction, useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';
import { fmtDateTime } from '../format.ts';
import { fmtSize } from './Backups.tsx';

type Preview = OutputOf<'previewPackage'>;
type Item = Preview['changeList'][number];
type Part = 'scores' | 'ballots' | 'events';
const KIND_LABELS = { score: '分数', ballot: '测评票数', event: '事项' } as const;
const PART_OPTIONS: { value: Part; label: string }[] = [
  { value: 'scores', label: '分数' },
  { value: 'ballots', label: '民主测评票数' },
  { value: 'events', label: '加减分、否决、处分等事项' },
];
const countsText = (c: Preview['counts']) => `分数 ${c.scores}、测评 ${c.ballots}、事项 ${c.events}`;
const orDash = (v: string | null) => v ?? '—';

export function ExchangeTab() {
  const { modal } = App.useApp();
  const run = useAction();
  const cycles = useQuery('listCycles', {});
  const packages = useQuery('listPackages', {});
  const [cycleId, setCycleId] = useState<number | undefined>();
  const categories = useQuery('listCategories', cycleId ? { cycleId } : null);
  const [categoryIds, setCategoryIds] = useState<number[]>([]);
  const [parts, setParts] = useState<Part[]>(['scores', 'ballots', 'events']);
  const [outPass, setOutPass] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [inPass, setInPass] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<'keep' | 'take'>('keep');

  const doExport = async () => {
    if (!cycleId) return;
    const out = await run('exportPackage', { cycleId, parts, ...(categoryIds.length ? { categoryIds } : {}), passphrase: outPass }, { modal: true, failure: '导出未完成' });
    if (out) {
      setOutPass('');
      modal.success({ title: '数据交换包已导出', content: <div data-testid="export-package-result">{`${out.name}：分数 ${out.counts.scores} 个、测评 ${out.counts.ballots} 组、事项 ${out.counts.events} 条。文件：${out.file}`}</div>, okText: '知道了' });
    }
  };
  const doPreview = async () => {
    if (!chosen) return;
    setPreview(null);
    setPreviewError(null);
    try {
      setPreview(await call('previewPackage', { name: chosen, passphrase: inPass }));
    } catch (e) {
      setPreviewError(errorMessage(e));
    }
  };
  const conflictTotal = preview ? preview.conflictCounts.scores + preview.conflictCounts.ballots + preview.conflictCounts.events : 0;
  const itemColumns = (withBase: boolean) => [
    { title: '类型', dataIndex: 'kind', width: 90, render: (k: keyof typeof KIND_LABELS) => <Tag>{KIND_LABELS[k]}</Tag> },
    { title: '内容', dataIndex: 'label', width: 220 },
    ...(withBase ? [{ title: '原值', dataIndex: 'base', render: orDash }] : []),
    { title: '本机', dataIndex: 'here', render: orDash },
    { title: '交换包', dataIndex: 'incoming', render: orDash },
  ];
  const doImport = () =>
    preview &&
    modal.confirm({
      title: `导入“${preview.name}”？`,
      content: `将写入 ${preview.changes} 处变化（${countsText(preview.changeCounts)}）${conflictTotal ? `；${conflictTotal} 处冲突${conflicts === 'keep' ? '保留本机数据' : '采用交换包数据'}` : ''}。导入前会自动备份。`,
      okText: '导入',
      cancelText: '取消',
      onOk: async () => {
        const out = await run('importPackage', { name: preview.name, passphrase: inPass, conflicts }, { modal: true, failure: '导入未完成' });
        if (out) {
          setPreview(null);
          modal.success({ title: '已导入', content: <div data-testid="import-package-result">{`写入 ${out.applied} 处（${countsText(out.appliedCounts)}），保留本机 ${out.kept} 处，无变化 ${out.unchanged} 处。导入前的备份：${out.backup}`}</div>, okText: '知道了' });
        }
      },
    });

  return (
    <>
      <div className="panel-title">导出数据交换包</div>
      <div className="toolbar">
        <Select placeholder="考核年度" style={{ width: 220 }} value={cycleId} onChange={(v: number) => (setCycleId(v), setCategoryIds([]))} options={(cycles.data ?? []).map((c) => ({ value: c.id, label: c.name }))} data-testid="exchange-cycle" />
        <Select mode="multiple" allowClear placeholder="全部类别" style={{ minWidth: 200, maxWidth: 420 }} value={categoryIds} onChange={setCategoryIds} disabled={!cycleId} options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))} data-testid="exchange-categories" />
        <Input.Password placeholder="交换口令（至少8个字符，双方约定）" style={{ width: 280 }} value={outPass} onChange={(e) => setOutPass(e.target.value)} data-testid="exchange-out-pass" />
        <Button type="primary" icon={<ExportOutlined />} disabled={!cycleId || outPass.length < 8 || parts.length === 0} onClick={() => void doExport()} data-testid="btn-export-package">
          导出
        </Button>
      </div>
      <div className="toolbar">
        <span>包含：</span>
        <Checkbox.Group value={parts} onChange={(v) => setParts(v as Part[])} options={PART_OPTIONS} data-testid="exchange-parts" />
      </div>
      <div className="panel-title" style={{ marginTop: 16 }}>导入数据交换包</div>
      <Typography.Paragraph type="secondary">把收到的交换包复制到本系统的交换文件夹后，在下表中选择。</Typography.Paragraph>
      <QueryError error={packages.error} onRetry={packages.reload} />
      <Table
        size="small"
        rowKey="name"
        dataSource={packages.data ?? []}
        pagination={false}
        rowSelection={{ type: 'radio', selectedRowKeys: chosen ? [chosen] : [], onChange: (k) => (setChosen(String(k[0])), setPreview(null)) }}
        locale={{ emptyText: '交换文件夹中没有交换包' }}
        data-testid="packages-table"
        columns={[
          { title: '文件', dataIndex: 'name' },
          { title: '大小', dataIndex: 'size', width: 90, align: 'right', render: (v: number) => fmtSize(v) },
          { title: '修改时间', dataIndex: 'modifiedAt', width: 150, render: (v: string) => fmtDateTime(v) },
        ]}
      />
      <div className="toolbar" style={{ marginTop: 10 }}>
        <Input.Password placeholder="交换口令" style={{ width: 280 }} value={inPass} onChange={(e) => setInPass(e.target.value)} data-testid="exchange-in-pass" />
        <Button disabled={!chosen || inPass.length < 8} onClick={() => void doPreview()} data-testid="btn-preview-package">
          预览
        </Button>
      </div>
      {previewError ? <Typography.Paragraph type="danger">{previewError}</Typography.Paragraph> : null}
      {preview ? (
        <div data-testid="package-preview">
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { key: 'c', label: '考核年度', children: preview.cycleName },
              { key: 'f', label: '来自', children: preview.from },
              { key: 't', label: '导出时间', children: fmtDateTime(preview.createdAt) },
              { key: 'n', label: '内容', children: countsText(preview.counts) },
              { key: 'ch', label: '将写入的变化', children: <span data-testid="package-changes"><b>{preview.changes}</b>（{countsText(preview.changeCounts)}）</span> },
              { key: 'u', label: '与本机相同', children: preview.unchanged },
            ]}
          />
          {preview.changeList.length ? (
            <>
              <Typography.Paragraph style={{ marginTop: 10 }}>
                将写入的变化{preview.changes > preview.changeList.length ? `（列出前 ${preview.changeList.length} 处）` : ''}：
              </Typography.Paragraph>
              <Table<Item> size="small" rowKey="key" dataSource={preview.changeList} pagination={preview.changeList.length > 10 ? { pageSize: 10 } : false} data-testid="changes-table" columns={itemColumns(false)} />
            </>
          ) : null}
          {conflictTotal ? (
            <>
              <Typography.Paragraph type="warning" style={{ marginTop: 10 }}>
                以下 {conflictTotal} 处本机和交换包都改过（冲突）{conflictTotal > preview.conflicts.length ? `，列出前 ${preview.conflicts.length} 处` : ''}：
              </Typography.Paragraph>
              <Table<Item> size="small" rowKey="key" dataSource={preview.conflicts} pagination={preview.conflicts.length > 10 ? { pageSize: 10 } : false} data-testid="conflicts-table" columns={itemColumns(true)} />
              <Radio.Group value={conflicts} onChange={(e) => setConflicts(e.target.value as 'keep' | 'take')} style={{ marginTop: 8 }}>
                <Radio value="keep">冲突处保留本机数据</Radio>
                <Radio value="take">冲突处采用交换包数据</Radio>
              </Radio.Group>
            </>
          ) : (
            <Typography.Paragraph type="success" style={{ marginTop: 10 }}>
              没有冲突。
            </Typography.Paragraph>
          )}
          <Space style={{ marginTop: 10 }}>
            <Button type="primary" icon={<ImportOutlined />} onClick={doImport} disabled={preview.changes === 0 && conflictTotal === 0} data-testid="btn-import-package">
              导入
            </Button>
          </Space>
        </div>
      ) : null}
    </>
  );
}
