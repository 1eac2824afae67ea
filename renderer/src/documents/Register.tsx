// 文书登记簿: every document issued with its own number and file, the file's
// integrity (文件已被改动 when it no longer matches the register, 文件已不存在
// when it is gone), and re-issue: a new number and file, linked to the one it
// replaces — the old one is never overwritten.
import { Table, Tag, Tooltip, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import type { DocumentRow } from '../../../shared/ipc/contract.ts';
import type { Query } from '../api.ts';
import { EditButton } from '../lock.tsx';
import { docKindLabel, fmtDateTime } from '../format.ts';

const INTEGRITY = {
  ok: { color: 'green', label: '完整' },
  changed: { color: 'red', label: '文件已被改动' },
  missing: { color: 'volcano', label: '文件已不存在' },
} as const;

export function Register({ docs, onReissue, busyId }: { docs: Query<DocumentRow[]>; onReissue: (d: DocumentRow) => void; busyId: number | null }) {
  const rows = [...(docs.data ?? [])].sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : b.id - a.id));
  const numberOf = new Map(rows.map((d) => [d.id, d.docNumber || `登记第${d.id}号`]));
  const damaged = rows.filter((d) => d.integrity && d.integrity !== 'ok').length;
  return (
    <div className="panel">
      <div className="panel-title">
        <span>文书登记簿</span>
        <Typography.Text type={damaged ? 'danger' : 'secondary'} style={{ fontWeight: 400, fontSize: 13 }} data-testid="register-summary">
          共 {rows.length} 份{damaged ? `，${damaged} 份文件与登记不符` : ''}
        </Typography.Text>
      </div>
      <Table<DocumentRow>
        size="small"
        rowKey="id"
        loading={docs.loading && !docs.data}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        data-testid="documents-table"
        locale={{ emptyText: '还没有生成文书' }}
        rowClassName={(d) => (d.replacedById ? 'row-replaced' : '')}
        columns={[
          { title: '文号', dataIndex: 'docNumber', width: 170, render: (v: string, d) => <span style={{ whiteSpace: 'nowrap' }} data-testid={`doc-number-${d.id}`}>{v || '—'}</span> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '类型', dataIndex: 'kind', width: 84, render: (k: string) => <Tag>{docKindLabel(k)}</Tag> },
          { title: '单位', dataIndex: 'unitName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
          {
            title: '文件',
            dataIndex: 'fileName',
            width: 220,
            ellipsis: true,
            render: (v: string, r) => (
              <Typography.Text copyable={{ text: r.filePath, tooltips: ['复制完整路径', '已复制'] }} ellipsis={{ tooltip: r.filePath }} style={{ maxWidth: 190 }}>
                {v}
              </Typography.Text>
            ),
          },
          { title: '生成时间', dataIndex: 'issuedAt', width: 140, render: (v: string) => fmtDateTime(v) },
          {
            title: '状态',
            key: 'state',
            width: 190,
            render: (_v, d) => (
              <div data-testid={`doc-state-${d.id}`}>
                {d.integrity ? <Tag color={INTEGRITY[d.integrity].color}>{INTEGRITY[d.integrity].label}</Tag> : null}
                {d.replacedById ? <Tag>已被 {numberOf.get(d.replacedById) ?? '新文书'} 替代</Tag> : null}
                {d.replacesId ? <Tag color="blue">替代 {numberOf.get(d.replacesId) ?? '原文书'}</Tag> : null}
                {d.note && !d.replacedById && !d.replacesId && d.integrity === 'ok' ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.note}</Typography.Text> : null}
              </div>
            ),
          },
          {
            title: '操作',
            key: 'op',
            width: 100,
            align: 'center',
            render: (_v, d) =>
              d.replacedById ? null : (
                <Tooltip title="重新生成：取新文号、写新文件，并登记为替代本文书">
                  <span>
                    <EditButton scope="documents" testId={`btn-reissue-${d.id}`} type="link" size="small" icon={<RedoOutlined />} loading={busyId === d.id} onClick={() => onReissue(d)}>
                      重新生成
                    </EditButton>
                  </span>
                </Tooltip>
              ),
          },
        ]}
      />
    </div>
  );
}
