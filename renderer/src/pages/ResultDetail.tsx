// 得分明细: every number of one subject's result, with its explanation.
import { Alert, Descriptions, Drawer, Empty, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { COMPONENT_KIND_LABELS, METHOD_LABELS, UNDETERMINED_GRADE, type MethodType } from '../../../shared/domain.ts';
import type { GradeRule } from '../../../shared/engine/types.ts';
import type { ComponentTraceDto, ResultRow } from '../../../shared/ipc/contract.ts';
import { useQuery } from '../api.ts';
import { GradeTag } from '../components/common.tsx';
import { STALE_TEXT, restrictionRuleLabel } from '../components/resultState.tsx';
import { useAppState } from '../context.ts';
import { fmtDateTime, fmtNum, fmtPercent, fmtPlain } from '../format.ts';
import { methodShort } from '../methods.ts';

export const GRADE_RULE_LABELS: Record<GradeRule, string> & Record<string, string> = {
  veto: '一票否决',
  sanction: '处分',
  investigation: '立案审查',
  quota: '名额内',
  tie_at_quota: '名额边界并列',
  bottom_quota: '末位比例',
  band: '分数线',
  bottom: '低于分数线',
  default: '其余',
};

export function gradeRuleLabel(rule: string): string {
  return GRADE_RULE_LABELS[rule] ?? '其他规则';
}

type Leaf = NonNullable<ComponentTraceDto['leaves']>[number];
type Group = NonNullable<ComponentTraceDto['democratic']>['groups'][number];
type BonusItem = NonNullable<ComponentTraceDto['bonus']>[number];

function formula(c: ComponentTraceDto, d: number): string {
  const parts: string[] = [`得分 ${fmtNum(c.raw, d)} / ${fmtPlain(c.full)}`];
  if (c.scaled !== c.raw) parts.push(`折算百分制 ${fmtNum(c.scaled, d)}`);
  if (c.weight !== null) parts.push(`× 权重 ${fmtPlain(c.weight)}%`);
  if (c.difficulty !== 1) parts.push(`× 难度系数 ${fmtPlain(c.difficulty)}`);
  parts.push(`计入总分 ${fmtNum(c.contribution, d)}`);
  return parts.join('，');
}

/** The leaves of a component; the totals row is the engine's (the component's raw score and full points), not summed here. */
function LeavesTable({ leaves, c, d }: { leaves: Leaf[]; c: ComponentTraceDto; d: number }) {
  return (
    <Table<Leaf>
      size="small"
      rowKey="indicatorId"
      pagination={false}
      dataSource={leaves}
      bordered
      columns={[
        {
          title: '指标',
          key: 'path',
          render: (_v, l) => (
            <span>
              <Typography.Text type="secondary" style={{ marginRight: 6 }}>
                {l.code}
              </Typography.Text>
              {l.path.join(' › ')}
            </span>
          ),
        },
        { title: '计分方法', dataIndex: 'method', width: 96, render: (m: string) => <span title={METHOD_LABELS[m as MethodType] ?? m}>{methodShort(m)}</span> },
        {
          title: '录入值',
          dataIndex: 'raw',
          width: 80,
          align: 'right',
          render: (v: number | null, l) => (l.missing ? <Tag color="orange">未填</Tag> : v === null ? (typeof l.inputs.text === 'string' ? l.inputs.text : '') : fmtPlain(v)),
        },
        { title: '分值', dataIndex: 'full', width: 70, align: 'right', render: (v: number) => fmtPlain(v) },
        { title: '得分', dataIndex: 'score', width: 76, align: 'right', render: (v: number) => <strong>{fmtNum(v, d)}</strong> },
        { title: '失分', dataIndex: 'lost', width: 70, align: 'right', render: (v: number) => (v > 0 ? <span style={{ color: '#c8322f' }}>{fmtNum(v, d)}</span> : fmtNum(v, d)) },
        { title: '说明', dataIndex: 'note', render: (v: string) => <span className="detail-note-cell">{v}</span> },
      ]}
      summary={() => (
        <Table.Summary.Row className="table-summary">
          <Table.Summary.Cell index={0} colSpan={3}>
            合计
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            {fmtPlain(c.full)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="right">
            <strong>{fmtNum(c.raw, d)}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={5} />
          <Table.Summary.Cell index={6} />
        </Table.Summary.Row>
      )}
    />
  );
}

function DemocraticTable({ c }: { c: ComponentTraceDto }) {
  const dem = c.democratic!;
  const levels: string[] = [];
  for (const g of dem.groups) for (const k of Object.keys(g.votes)) if (!levels.includes(k)) levels.push(k);
  return (
    <>
      <Table<Group>
        size="small"
        rowKey="raterGroupId"
        pagination={false}
        bordered
        dataSource={dem.groups}
        columns={[
          { title: '测评群体', dataIndex: 'name' },
          { title: '权重', dataIndex: 'weight', width: 70, align: 'right', render: (v: number) => fmtPlain(v) },
          { title: '有效票', dataIndex: 'valid', width: 70, align: 'right' },
          ...levels.map((l) => ({ title: l, key: l, width: 84, align: 'right' as const, render: (_: unknown, g: Group) => g.votes[l] ?? 0 })),
          { title: '得分率', dataIndex: 'groupScore', width: 90, align: 'right', render: (v: number) => fmtPercent(v, 2) },
        ]}
      />
      <Space size={8} wrap style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">有效票 {dem.validVotes} 张，得票率：</Typography.Text>
        {Object.entries(dem.shares).map(([k, v]) => (
          <Tag key={k}>
            {k} {fmtPercent(v)}
          </Tag>
        ))}
      </Space>
    </>
  );
}

function BonusTable({ items, d }: { items: BonusItem[]; d: number }) {
  if (items.length === 0) return null;
  return (
    <Table<BonusItem>
      size="small"
      rowKey="eventId"
      pagination={false}
      bordered
      dataSource={items}
      columns={[
        { title: '类型', dataIndex: 'kind', width: 70, render: (k: string) => <Tag color={k === 'bonus' ? 'green' : 'orange'}>{k === 'bonus' ? '加分' : '扣分'}</Tag> },
        { title: '类别', dataIndex: 'type', width: 100 },
        { title: '事由', dataIndex: 'reason' },
        { title: '分值', dataIndex: 'points', width: 70, align: 'right', render: (v: number) => fmtNum(v, d) },
        { title: '计入', dataIndex: 'counted', width: 70, align: 'right', render: (v: number, r) => <strong>{`${r.kind === 'deduction' && v > 0 ? '−' : ''}${fmtNum(v, d)}`}</strong> },
        { title: '说明', dataIndex: 'note' },
      ]}
    />
  );
}

function ComponentSection({ c, d }: { c: ComponentTraceDto; d: number }) {
  return (
    <div className="detail-section" data-testid={`detail-component-${c.componentId}`}>
      <div className="panel-title" style={{ marginBottom: 4 }}>
        <Space size={8}>
          <span>{c.name}</span>
          <Tag>{COMPONENT_KIND_LABELS[c.kind]}</Tag>
        </Space>
        <span className="table-num">计入总分 {fmtNum(c.contribution, d)}</span>
      </div>
      <div className="detail-note">
        {c.note || formula(c, d)}
      </div>
      {c.leaves && c.leaves.length > 0 ? <LeavesTable leaves={c.leaves} c={c} d={d} /> : null}
      {c.democratic ? <DemocraticTable c={c} /> : null}
      {c.bonus ? <BonusTable items={c.bonus} d={d} /> : null}
    </div>
  );
}

/** 总分构成: the engine's sentence, its result (after the last “=”) set off. */
function TotalNote({ note }: { note: string }) {
  const at = note.lastIndexOf('=');
  const head = at >= 0 ? note.slice(0, at + 1) : note;
  const tail = at >= 0 ? note.slice(at + 1) : '';
  return (
    <span className="total-note-text" data-testid="detail-total-note">
      {head}
      {tail ? <span className="total-note-result">{tail}</span> : null}
    </span>
  );
}

export function ResultDetailDrawer({ row, decimals, onClose }: { row: ResultRow | null; decimals: number; onClose: () => void }) {
  const { cycle } = useAppState();
  const q = useQuery('getResultDetail', row ? { cycleId: cycle.id, subjectKey: row.subjectKey } : null);
  const detail = q.data;
  const r = detail?.row ?? row;
  // the stored result is shown as stored; when its inputs have changed since, it says so
  const stale = detail ? detail.stale : (row?.stale ?? false);
  const d = decimals;
  return (
    <Drawer
      title={r ? `得分明细：${r.name}` : '得分明细'}
      open={row !== null}
      onClose={onClose}
      size={980}
      destroyOnHidden
      data-testid="result-detail"
    >
      {!r ? null : (
        <>
          {stale ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={STALE_TEXT} data-testid="detail-stale" /> : null}
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { key: 'cat', label: '考核类别', children: r.categoryName },
              {
                key: 'total',
                label: stale ? '总分（上次计算）' : '总分',
                children: (
                  <strong className={`table-num${stale ? ' text-stale' : ''}`} data-testid="detail-total">
                    {fmtNum(r.total, d)}
                  </strong>
                ),
              },
              { key: 'rank', label: '排名', children: `${r.rank} / ${r.rankOf}` },
              ...((detail ? detail.totalNote : !q.error)
                ? [
                    {
                      key: 'totalNote',
                      label: '总分构成',
                      span: 3,
                      classNames: { label: 'total-note-label-cell', content: 'total-note-cell' },
                      children: detail ? <TotalNote note={detail.totalNote} /> : <Typography.Text type="secondary">正在计算…</Typography.Text>,
                    },
                  ]
                : []),
              { key: 'computed', label: '拟定等次', children: <GradeTag grade={r.computedGrade} /> },
              { key: 'final', label: '最终等次', children: <GradeTag grade={r.finalGrade} /> },
              { key: 'rule', label: '依据', children: gradeRuleLabel(r.gradeRule) },
              { key: 'note', label: '等次说明', span: 3, children: r.gradeNote },
              ...(r.adjustment
                ? [{ key: 'adj', label: '调整', span: 3, children: `调整为“${r.adjustment.toGrade}”：${r.adjustment.reason}（${fmtDateTime(r.adjustment.decidedAt)}）` }]
                : []),
            ]}
          />
          {r.restriction ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="detail-restriction"
              title={`${restrictionRuleLabel(r.restriction.rule)}：${r.restriction.kind === 'forced' ? `等次定为“${r.restriction.grade ?? ''}”` : '不得评为最高等次'}`}
              description={r.restriction.reason}
            />
          ) : null}
          {r.flags.length > 0 ? (
            <Alert type="warning" showIcon style={{ marginTop: 12 }} title={r.flags.map((f) => f.text).join('；')} data-testid="detail-flags" />
          ) : null}
          {r.finalGrade === UNDETERMINED_GRADE ? <Alert type="info" showIcon style={{ marginTop: 12 }} title="本对象暂不确定等次。" /> : null}
          <div style={{ marginTop: 16 }}>
            {q.error ? (
              <Alert type="error" showIcon title="明细加载失败" description={q.error} />
            ) : !detail ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : detail.components.length === 0 ? (
              <Empty description="没有考核构成的明细" />
            ) : (
              detail.components.map((c) => <ComponentSection key={c.componentId} c={c} d={d} />)
            )}
          </div>
        </>
      )}
    </Drawer>
  );
}
