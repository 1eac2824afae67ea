// 数据交换 (operator): score cells, ballots and events of a year out to a
// signed and encrypted package, and in from one — previewed first (what it
// changes, what conflicts with this machine's own changes), then imported
// with the conflicts kept or taken.
import { useState } from 'react';
import { App, Button, Descriptions, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { ExportOutlined, ImportOutlined } from '@ant-design/icons';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, useAction, useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';
import { fmtDateTime } from '../format.ts';
import { fmtSize } from './Backups.tsx';

type Preview = OutputOf<'previewPackage'>;
const KIND_LABELS = { score: '分数', ballot: '测评票数', event: '加减分事项' } as const;

export function ExchangeTab() {
  const { modal } = App.useApp();
  const run = useAction();
  const cycles = useQuery('listCycles', {});
  const packages = useQuery('listPackages', {});
  const [cycleId, setCycleId] = useState<number | undefined>();
  const [outPass, setOutPass] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [inPass, setInPass] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<'keep' | 'take'>('keep');

  const doExport = async () => {
    if (!cycleId) return;
    const out = await run('exportPackage', { cycleId, passphrase: outPass }, { modal: true, failure: '导出未完成' });
    if (out) {
      setOutPass('');
      modal.success({ title: '数据交换包已导出', content: `${out.name}：分数 ${out.counts.scores} 个、测评 ${out.counts.ballots} 组、事项 ${out.counts.events} 条。文件：${out.file}`, okText: '知道了' });
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
  const doImport = () =>
    preview &&
    modal.confirm({
      title: `导入“${preview.name}”？`,
      content: `将写入 ${preview.changes} 处变化${preview.conflicts.length ? `；${preview.conflicts.length} 处冲突${conflicts === 'keep' ? '保留本机数据' : '采用交换包数据'}` : ''}。导入前会自动备份。`,
      okText: '导入',
      cancelText: '取消',
      onOk: async () => {
        const out = await run('importPackage', { name: preview.name, passphrase: inPass, conflicts }, { modal: true, failure: '导入未完成' });
        if (out) {
          setPreview(null);
          modal.success({ title: '已导入', content: `写入 ${out.applied} 处，保留本机 ${out.kept} 处，无变化 ${out.unchanged} 处。导入前的备份：${out.backup}`, okText: '知道了' });
        }
      },
    });

  return (
    <>
      <div className="panel-title">导出数据交换包</div>
      <div className="toolbar">
        <Select placeholder="考核年度" style={{ width: 220 }} value={cycleId} onChange={setCycleId} options={(cycles.data ?? []).map((c) => ({ value: c.id, label: c.name }))} data-testid="exchange-cycle" />
        <Input.Password placeholder="交换口令（至少8个字符，双方约定）" style={{ width: 280 }} value={outPass} onChange={(e) => setOutPass(e.target.value)} data-testid="exchange-out-pass" />
        <Button type="primary" icon={<ExportOutlined />} disabled={!cycleId || outPass.length < 8} onClick={() => void doExport()} data-testid="btn-export-package">
          导出
        </Button>
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
              { key: 'n', label: '内容', children: `分数 ${preview.counts.scores}、测评 ${preview.counts.ballots}、事项 ${preview.counts.events}` },
              { key: 'ch', label: '将写入的变化', children: <b>{preview.changes}</b> },
              { key: 'u', label: '与本机相同', children: preview.unchanged },
            ]}
          />
          {preview.conflicts.length ? (
            <>
              <Typography.Paragraph type="warning" style={{ marginTop: 10 }}>
                以下 {preview.conflicts.length} 处本机和交换包都改过（冲突）：
              </Typography.Paragraph>
              <Table
                size="small"
                rowKey="key"
                dataSource={preview.conflicts}
                pagination={preview.conflicts.length > 10 ? { pageSize: 10 } : false}
                data-testid="conflicts-table"
                columns={[
                  { title: '类型', dataIndex: 'kind', width: 100, render: (k: keyof typeof KIND_LABELS) => <Tag>{KIND_LABELS[k]}</Tag> },
                  { title: '内容', dataIndex: 'label' },
                  { title: '原值', dataIndex: 'base', width: 100, render: (v: string | null) => v ?? '—' },
                  { title: '本机', dataIndex: 'here', width: 100, render: (v: string | null) => v ?? '—' },
                  { title: '交换包', dataIndex: 'incoming', width: 100, render: (v: string | null) => v ?? '—' },
                ]}
              />
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
            <Button type="primary" icon={<ImportOutlined />} onClick={doImport} disabled={preview.changes === 0 && preview.conflicts.length === 0} data-testid="btn-import-package">
              导入
            </Button>
          </Space>
        </div>
      ) : null}
    </>
  );
}
