// 备份与恢复 (system administrator): the backups in the application's folder,
// a new one with a note, the check of one (manifest and checksum), and the
// restore — confirmed, with a safety backup of the present data first.
import { useState } from 'react';
import { App, Button, Input, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, useAction, useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';
import { fmtDateTime } from '../format.ts';

type Backup = OutputOf<'listBackups'>[number];

export function fmtSize(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

const REASONS: Record<string, string> = { manual: '手动备份', publish: '发布前自动备份', restore: '恢复前自动备份', import: '导入前自动备份' };

export function BackupsTab() {
  const { modal, message } = App.useApp();
  const run = useAction();
  const q = useQuery('listBackups', {});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [checked, setChecked] = useState<Record<string, { ok: boolean; message: string }>>({});

  const verify = async (b: Backup) => {
    setBusy(b.name);
    try {
      const v = await call('verifyBackup', { name: b.name });
      setChecked((c) => ({ ...c, [b.name]: { ok: v.ok, message: v.message } }));
    } catch (e) {
      setChecked((c) => ({ ...c, [b.name]: { ok: false, message: errorMessage(e) } }));
    } finally {
      setBusy(null);
    }
  };

  const restore = (b: Backup) =>
    modal.confirm({
      title: `用备份“${b.name}”恢复数据？`,
      content: (
        <div>
          <p>当前的全部数据将被替换为 {fmtDateTime(b.createdAt)} 的备份内容，此后的修改都会丢失。</p>
          <p>恢复前系统会先自动备份当前数据，必要时可再恢复回来。</p>
        </div>
      ),
      okText: '确认恢复',
      okButtonProps: { danger: true, 'data-testid': 'restore-ok' } as ButtonProps,
      cancelText: '取消',
      onOk: async () => {
        const out = await run('restoreBackup', { name: b.name }, { modal: true, failure: '恢复未完成' });
        if (out) modal.success({ title: '数据已恢复', content: `已恢复为“${out.restored.name}”。恢复前的数据已备份为“${out.safetyBackup.name}”。`, okText: '知道了' });
      },
    });

  return (
    <>
      <div className="toolbar">
        <Input placeholder="备注（可选），如：年终定稿" maxLength={60} style={{ width: 280 }} value={note} onChange={(e) => setNote(e.target.value)} data-testid="backup-note" />
        <Button
          type="primary"
          icon={<CloudUploadOutlined />}
          loading={busy === '__new'}
          data-testid="btn-create-backup"
          onClick={async () => {
            setBusy('__new');
            const b = await run('createBackup', note.trim() ? { note: note.trim() } : {}, { modal: true });
            setBusy(null);
            if (b) {
              setNote('');
              void message.success(`已备份：${b.name}`);
            }
          }}
        >
          立即备份
        </Button>
        <Typography.Text type="secondary">备份保存在本系统的备份文件夹中，已加密的数据库备份同样加密。</Typography.Text>
      </div>
      <QueryError error={q.error} onRetry={q.reload} />
      <Table<Backup>
        size="small"
        rowKey="name"
        loading={q.loading && !q.data}
        dataSource={q.data ?? []}
        pagination={(q.data?.length ?? 0) > 15 ? { pageSize: 15, showSizeChanger: false } : false}
        data-testid="backups-table"
        locale={{ emptyText: '还没有备份' }}
        columns={[
          { title: '备份文件', dataIndex: 'name', ellipsis: true },
          { title: '时间', dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
          { title: '原因', dataIndex: 'reason', width: 150, render: (v: string) => REASONS[v] ?? v },
          { title: '大小', dataIndex: 'size', width: 90, align: 'right', render: (v: number) => fmtSize(v) },
          { title: '加密', dataIndex: 'encrypted', width: 70, render: (v: boolean) => (v ? <Tag color="green">是</Tag> : <Tag>否</Tag>) },
          {
            title: '校验',
            key: 'check',
            width: 200,
            render: (_v, b) => {
              const c = checked[b.name];
              return c ? <Tag color={c.ok ? 'green' : 'red'} title={c.message} data-testid={`backup-check-${b.name}`}>{c.ok ? '完整' : '已损坏'}</Tag> : <Typography.Text type="secondary">未校验</Typography.Text>;
            },
          },
          {
            title: '操作',
            key: 'op',
            width: 150,
            render: (_v, b) => (
              <Space size={0}>
                <Button type="link" size="small" loading={busy === b.name} onClick={() => void verify(b)} data-testid={`btn-verify-${b.name}`}>
                  校验
                </Button>
                <Button type="link" size="small" danger onClick={() => restore(b)} data-testid={`btn-restore-${b.name}`}>
                  恢复
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
