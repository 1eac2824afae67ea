// The quota of each comparison group as the engine decided and stored it
// (listQuotas): places, how they came about (percent or linkage), the
// subjects tied at the boundary. Nothing is computed here but counts of the
// final grades, which are compared with the stored places.
import type { HTMLAttributes } from 'react';
import { Alert, Collapse, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { UNDETERMINED_GRADE } from '../../../../shared/domain.ts';
import type { Category, GroupQuotaDto, ResultRow } from '../../../../shared/ipc/contract.ts';
import { GradeTag } from '../common.tsx';
import { STALE_TEXT } from '../resultState.tsx';

interface GroupLine {
  quota: GroupQuotaDto;
  /** the final count of the top grade among the group's rows (after adjustments) */
  topCount: number;
  over: number;
}

export function groupLines(quotas: GroupQuotaDto[], rows: ResultRow[]): GroupLine[] {
  return quotas.map((q) => {
    const topCount = rows.filter((r) => r.groupKey === q.groupKey && r.finalGrade === q.top.grade).length;
    return { quota: q, topCount, over: Math.max(0, topCount - q.top.places) };
  });
}

const BASIS_LABEL = { percent: '按比例', linkage: '按挂钩' } as const;

function Tied({ q }: { q: GroupQuotaDto }) {
  if (q.tiedAtBoundary.length === 0) return null;
  return (
    <span className="quota-tied" data-testid="quota-tied">
      名额边界并列：{q.tiedAtBoundary.map((t) => t.name).join('、')}
    </span>
  );
}

function TopCount({ line }: { line: GroupLine }) {
  const { quota: q, topCount, over } = line;
  return (
    <span className={`quota-item ${over > 0 ? 'quota-over' : ''}`}>
      <GradeTag grade={q.top.grade} />
      <span>
        {topCount} / 名额 {q.top.places}
      </span>
      {over > 0 ? (
        <Tooltip title={`超出名额 ${over} 个`}>
          <WarningOutlined style={{ color: '#c8322f' }} data-testid="quota-over" />
        </Tooltip>
      ) : null}
    </span>
  );
}

/** One comparison group (the whole category): the counts by grade and the stored quota with its note. */
function SingleGroup({ category, line, rows }: { category: Category; line: GroupLine; rows: ResultRow[] }) {
  const q = line.quota;
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.finalGrade, (counts.get(r.finalGrade) ?? 0) + 1);
  const grades = [...category.settings.grading.grades, UNDETERMINED_GRADE];
  return (
    <div className="quota-bar" data-testid={`quota-group-${q.groupKey}`}>
      <Typography.Text strong style={{ marginRight: 4 }}>
        {q.groupName}
      </Typography.Text>
      <span className="quota-item">参评 {q.size}</span>
      {grades.map((g) =>
        g === q.top.grade ? (
          <span key={g} data-testid="quota-top">
            <TopCount line={line} />
          </span>
        ) : g === UNDETERMINED_GRADE && !counts.get(g) ? null : (
          <span key={g} className="quota-item">
            <GradeTag grade={g} />
            <span>{counts.get(g) ?? 0}</span>
          </span>
        ),
      )}
      <span className="quota-item">已调整 {rows.filter((r) => r.adjustment).length}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="quota-note">
        {q.top.note}
        {q.bottom ? `；${q.bottom.note}` : ''}
      </Typography.Text>
      <Tied q={q} />
    </div>
  );
}

/** Deputies compared within their team: one line per team, in a collapsible table. */
function ManyGroups({ lines, rows }: { lines: GroupLine[]; rows: ResultRow[] }) {
  const places = lines.reduce((a, l) => a + l.quota.top.places, 0);
  const count = lines.reduce((a, l) => a + l.topCount, 0);
  const overGroups = lines.filter((l) => l.over > 0);
  const top = lines[0]?.quota.top.grade ?? '优秀';
  return (
    <Collapse
      size="small"
      className="quota-groups"
      data-testid="quota-groups"
      items={[
        {
          key: 'groups',
          label: (
            <Space size={12} wrap>
              <Typography.Text strong>在所在单位班子内比较：{lines.length} 个班子</Typography.Text>
              <span data-testid="quota-groups-sum">
                <GradeTag grade={top} /> {count} / 名额合计 {places}
              </span>
              <span>已调整 {rows.filter((r) => r.adjustment).length}</span>
              {overGroups.length > 0 ? (
                <Typography.Text type="danger" data-testid="quota-over">
                  <WarningOutlined /> {overGroups.length} 个班子超出名额：{overGroups.map((l) => l.quota.groupName).join('、')}
                </Typography.Text>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                展开查看各班子的名额
              </Typography.Text>
            </Space>
          ),
          children: (
            <Table<GroupLine>
              size="small"
              rowKey={(l) => l.quota.groupKey}
              pagination={false}
              dataSource={lines}
              scroll={{ y: 320 }}
              onRow={(l) => ({ 'data-testid': `quota-group-${l.quota.groupKey}`, className: l.over > 0 ? 'quota-over-row' : '' }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: '班子', key: 'name', width: 180, render: (_v, l) => l.quota.groupName },
                { title: '人数', key: 'size', width: 60, align: 'right', render: (_v, l) => l.quota.size },
                { title: top, key: 'top', width: 150, render: (_v, l) => <TopCount line={l} /> },
                { title: '依据', key: 'basis', width: 70, render: (_v, l) => <Tag>{BASIS_LABEL[l.quota.top.basis]}</Tag> },
                { title: '名额说明', key: 'note', render: (_v, l) => <span style={{ fontSize: 12 }}>{l.quota.top.note}</span> },
                { title: '名额边界并列', key: 'tied', width: 160, render: (_v, l) => l.quota.tiedAtBoundary.map((t) => t.name).join('、') || '—' },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

export function QuotaPanel({ category, quotas, rows }: { category: Category; quotas: GroupQuotaDto[]; rows: ResultRow[] }) {
  if (quotas.length === 0) return null;
  const lines = groupLines(quotas, rows);
  const stale = quotas.some((q) => q.stale);
  return (
    <div className="panel" style={{ marginBottom: 12 }} data-testid="grade-summary">
      {stale ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={`名额和等次：${STALE_TEXT}`} data-testid="quota-stale" /> : null}
      {lines.length === 1 && lines[0]!.quota.groupKey === 'all' ? (
        <SingleGroup category={category} line={lines[0]!} rows={rows} />
      ) : (
        <ManyGroups lines={lines} rows={rows} />
      )}
    </div>
  );
}
