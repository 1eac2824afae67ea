// 审计日志: every change as the server recorded it, newest first — one row per
// changed field (old → new) and one per operation, with who and when.
import { useMemo, useState } from 'react';
import { Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { CYCLE_STATUS_LABELS, type CycleStatus } from '../../../shared/domain.ts';
import type { AuditRow } from '../../../shared/ipc/contract.ts';
import { useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtDateTime } from '../format.ts';

const ENTITY_LABELS: Record<string, string> = {
  cycle: '考核年度',
  category: '考核类别',
  component: '考核构成',
  unit: '被考核单位',
  cadre: '领导干部',
  indicator: '指标',
  score: '分数',
  ballot: '测评票数',
  event: '加减分事项',
  results: '计算结果',
  document: '文书',
  department: '责任单位',
};

const ACTION_LABELS: Record<string, string> = {
  'cycle.create': '新建考核年度',
  'cycle.status': '变更年度状态',
  'category.create': '新增类别',
  'category.update': '修改类别',
  'component.create': '新增构成',
  'component.update': '修改构成',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.delete': '删除单位',
  'indicator.create': '新增指标',
  'indicator.update': '修改指标',
  'indicator.delete': '删除指标',
  'score.set': '录入分数',
  'compute.full': '计算',
  'grade.adjust': '调整等次',
  'document.issue': '生成文书',
  'plan.import': '导入方案',
  'demo.create': '载入示范方案',
};

// the stored column names most often seen, in the words of the screens; others are shown as stored
const FIELD_LABELS: Record<string, string> = {
  status: '状态',
  name: '名称',
  code: '代码',
  value: '分数',
  text: '等级',
  full_points: '分值',
  weight: '权重',
  difficulty: '难度系数',
  settings: '设置',
  category_id: '考核类别',
  parent_id: '上级指标',
  method: '计分方法',
  description: '说明',
  sort_order: '顺序',
};

export const entityLabel = (e: string) => ENTITY_LABELS[e] ?? e;
const actionLabel = (a: string) => ACTION_LABELS[a] ?? a;

/** A stored value as a user reads it: the status of a year by its Chinese name, nothing as —. */
function shownValue(r: AuditRow, v: string | null): string {
  if (v === null || v === '') return '—';
  if (r.entity === 'cycle' && r.field === 'status' && v in CYCLE_STATUS_LABELS) return CYCLE_STATUS_LABELS[v as CycleStatus];
  return v.length > 120 ? `${v.slice(0, 120)}…` : v;
}

const statusLabel = (v: unknown) => (typeof v === 'string' && v in CYCLE_STATUS_LABELS ? CYCLE_STATUS_LABELS[v as CycleStatus] : String(v));

/** The operation's detail as a sentence: a change of state or grade (from → to) and its reason. */
function detailText(r: AuditRow): string {
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(r.detail) as Record<string, unknown>;
  } catch {
    // not JSON: shown as is
    return r.detail;
  }
  if (!d || typeof d !== 'object') return '';
  const parts: string[] = [];
  if (d.from !== undefined && d.to !== undefined) parts.push(r.action === 'cycle.status' ? `由“${statusLabel(d.from)}”变为“${statusLabel(d.to)}”` : `由“${String(d.from)}”调整为“${String(d.to)}”`);
  if (typeof d.reason === 'string' && d.reason) parts.push(`理由：${d.reason}`);
  return parts.join('；');
}

export function AuditLog() {
  const { cycle } = useAppState();
  const [scope, setScope] = useState<'cycle' | 'all'>('cycle');
  const [entity, setEntity] = useState<string | undefined>(undefined);
  const base = scope === 'cycle' ? { cycleId: cycle.id } : {};
  const q = useQuery('listAudit', { ...base, ...(entity ? { entity } : {}), limit: 1000 });
  // the entities to choose from: the ones this scope has, and the known ones
  const all = useQuery('listAudit', { ...base, limit: 1000 });
  const entities = useMemo(() => [...new Set([...Object.keys(ENTITY_LABELS), ...(all.data ?? []).map((r) => r.entity)])], [all.data]);

  return (
    <>
      <div className="toolbar">
        <Segmented
          value={scope}
          onChange={(v) => setScope(v as 'cycle' | 'all')}
          options={[
            { value: 'cycle', label: `本年度（${cycle.name}）` },
            { value: 'all', label: '全部' },
          ]}
          data-testid="audit-scope"
        />
        <span>对象</span>
        <Select
          allowClear
          placeholder="全部对象"
          style={{ width: 180 }}
          value={entity}
          onChange={(v?: string) => setEntity(v)}
          options={entities.map((e) => ({ value: e, label: entityLabel(e) }))}
          data-testid="audit-entity"
        />
        <Typography.Text type="secondary">共 {q.data?.length ?? 0} 条（最近的在前）</Typography.Text>
      </div>
      <QueryError error={q.error} onRetry={q.reload} />
      <Table<AuditRow>
        size="small"
        rowKey="id"
        loading={q.loading && !q.data}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        data-testid="audit-table"
        locale={{ emptyText: '没有审计记录' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => fmtDateTime(v) },
          { title: '用户', dataIndex: 'userName', width: 90 },
          { title: '操作', dataIndex: 'action', width: 120, render: (a: string) => actionLabel(a) },
          {
            title: '对象',
            key: 'entity',
            width: 150,
            render: (_v, r) => (
              <Space size={4}>
                <Tag>{entityLabel(r.entity)}</Tag>
                {r.entityKey ? <Typography.Text type="secondary">{r.entityKey}</Typography.Text> : null}
              </Space>
            ),
          },
          { title: '字段', dataIndex: 'field', width: 110, render: (f: string | null) => (f === null ? '—' : <span title={f}>{FIELD_LABELS[f] ?? f}</span>) },
          {
            title: '原值 → 新值',
            key: 'change',
            render: (_v, r) =>
              r.field === null && r.oldValue === null && r.newValue === null ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <span className="audit-change">
                  <span className="audit-old">{shownValue(r, r.oldValue)}</span> → <span className="audit-new">{shownValue(r, r.newValue)}</span>
                </span>
              ),
          },
          { title: '说明', key: 'detail', width: 220, render: (_v, r) => <span style={{ fontSize: 13 }}>{detailText(r)}</span> },
        ]}
      />
    </>
  );
}
