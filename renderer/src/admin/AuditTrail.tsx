// 安全审计 (security auditor): the whole trail with filters, the check of its
// hash chain (the first broken link named), and its export.
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Input, Select, Table, Tag, Typography } from 'antd';
import { ExportOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, useAction, useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';
import { fmtDateTime } from '../format.ts';
import { entityLabel } from '../pages/Audit.tsx';

type Row = OutputOf<'queryAudit'>['rows'][number];
type Verdict = OutputOf<'verifyAudit'>;

const ACTIONS: { value: string; label: string }[] = [
  { value: 'auth.', label: '登录与会话' },
  { value: 'auth.login_failed', label: '登录失败' },
  { value: 'auth.lockout', label: '账号锁定' },
  { value: 'account.', label: '账号管理' },
  { value: 'settings.', label: '系统设置' },
  { value: 'backup.', label: '备份与恢复' },
  { value: 'exchange.', label: '数据交换' },
  { value: 'audit.', label: '审计操作' },
  { value: 'score.', label: '分数' },
  { value: 'cycle.', label: '考核年度' },
  { value: 'document.', label: '文书' },
];

const PAGE = 50;

export function AuditTrail() {
  const run = useAction();
  const { modal } = App.useApp();
  // the auditor may not list accounts: the users to filter by come by name only
  const actors = useQuery('listAuditActors', {});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [userId, setUserId] = useState<number | undefined>();
  const [action, setAction] = useState<string | undefined>();
  const [entity, setEntity] = useState('');
  const [page, setPage] = useState(1);
  const [verdict, setVerdict] = useState<Verdict | { error: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const filter = {
    ...(range?.[0] ? { from: range[0].startOf('day').toISOString() } : {}),
    ...(range?.[1] ? { to: range[1].endOf('day').toISOString() } : {}),
    ...(userId ? { userId } : {}),
    ...(action ? { action } : {}),
    ...(entity.trim() ? { entity: entity.trim() } : {}),
  };
  const q = useQuery('queryAudit', { ...filter, limit: PAGE, offset: (page - 1) * PAGE });
  const users = (actors.data ?? []).map((a) => ({ value: a.id, label: `${a.name}（${a.login}）` }));

  const verify = async () => {
    setChecking(true);
    try {
      setVerdict(await call('verifyAudit', {}));
    } catch (e) {
      setVerdict({ error: errorMessage(e) });
    } finally {
      setChecking(false);
    }
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    const out = await run('exportAudit', { ...filter, format, limit: 1000 }, { modal: true });
    if (out) modal.success({ title: '审计记录已导出', content: <div data-testid="audit-export-file">{`共 ${out.rows} 条，保存为：${out.file}`}</div>, okText: '知道了' });
  };

  return (
    <>
      <div className="toolbar" style={{ flexWrap: 'wrap' }}>
        <DatePicker.RangePicker value={range} onChange={(v) => (setRange(v as [Dayjs | null, Dayjs | null] | null), setPage(1))} />
        <Select allowClear placeholder="全部用户" style={{ width: 150 }} value={userId} onChange={(v?: number) => (setUserId(v), setPage(1))} options={users} data-testid="trail-user" />
        <Select allowClear placeholder="全部操作" style={{ width: 150 }} value={action} onChange={(v?: string) => (setAction(v), setPage(1))} options={ACTIONS} data-testid="trail-action" />
        <Input allowClear placeholder="对象（如 user、score）" style={{ width: 170 }} value={entity} onChange={(e) => (setEntity(e.target.value), setPage(1))} />
        <span className="toolbar-spacer" />
        <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()} data-testid="btn-verify-audit">
          校验审计链
        </Button>
        <Button icon={<ExportOutlined />} onClick={() => void exportAs('xlsx')} data-testid="btn-export-audit">
          导出 Excel
        </Button>
        <Button onClick={() => void exportAs('csv')}>导出 CSV</Button>
      </div>
      {verdict ? (
        'error' in verdict ? (
          <Alert type="error" showIcon closable onClose={() => setVerdict(null)} style={{ marginBottom: 10 }} title={verdict.error} />
        ) : (
          <Alert
            type={verdict.ok ? 'success' : 'error'}
            showIcon
            closable
            onClose={() => setVerdict(null)}
            style={{ marginBottom: 10 }}
            data-testid="audit-verdict"
            title={verdict.ok ? `审计链完整：共 ${verdict.rows} 条记录，未发现改动。` : `审计链已断开${verdict.brokenId !== null ? `：第一处断开在第 ${verdict.brokenId} 号记录` : ''}`}
            description={verdict.message}
          />
        )
      ) : null}
      <QueryError error={q.error} onRetry={q.reload} />
      <Table<Row>
        size="small"
        rowKey="id"
        loading={q.loading && !q.data}
        dataSource={q.data?.rows ?? []}
        pagination={{ current: page, pageSize: PAGE, total: q.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        data-testid="trail-table"
        locale={{ emptyText: '没有符合条件的审计记录' }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70, align: 'right' },
          { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => fmtDateTime(v) },
          { title: '用户', key: 'user', width: 140, render: (_v, r) => (r.userLogin ? `${r.userName}（${r.userLogin}）` : r.userName) },
          { title: '操作', dataIndex: 'action', width: 170, render: (a: string) => <Tag color={a.includes('fail') || a.includes('lockout') || a.includes('refused') ? 'red' : undefined}>{a}</Tag> },
          { title: '对象', key: 'entity', width: 130, render: (_v, r) => `${entityLabel(r.entity)}${r.entityKey ? ` ${r.entityKey}` : ''}` },
          { title: '字段', dataIndex: 'field', width: 100, render: (f: string | null) => f ?? '—' },
          { title: '原值 → 新值', key: 'change', render: (_v, r) => (r.oldValue === null && r.newValue === null ? '—' : `${r.oldValue ?? '—'} → ${r.newValue ?? '—'}`) },
          { title: '详情', dataIndex: 'detail', width: 220, ellipsis: true, render: (d: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d}</Typography.Text> },
        ]}
      />
    </>
  );
}
