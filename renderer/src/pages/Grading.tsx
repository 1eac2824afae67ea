// 等次评定: the proposed grades with the rule behind each, counts against the
// quota, and the committee's adjustments with their reasons.
import { useMemo, useState } from 'react';
import { App, Button, Empty, Form, Input, Modal, Select, Table, Tooltip, Typography } from 'antd';
import { EditOutlined, WarningOutlined } from '@ant-design/icons';
import { UNDETERMINED_GRADE } from '../../../shared/domain.ts';
import { topQuota } from '../../../shared/engine/grading.ts';
import type { Category, ResultRow } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, useQuery } from '../api.ts';
import { CategoryPicker, GradeTag, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtDateTime, fmtNum, fmtPlain } from '../format.ts';
import { gradeRuleLabel } from './ResultDetail.tsx';

interface AdjustValues {
  toGrade: string;
  reason: string;
}

function AdjustModal({ row, category, onClose, onDone }: { row: ResultRow | null; category: Category; onClose: () => void; onDone: () => void }) {
  const { cycle } = useAppState();
  const { modal } = App.useApp();
  const [form] = Form.useForm<AdjustValues>();
  const [busy, setBusy] = useState(false);
  const grades = [...category.settings.grading.grades, UNDETERMINED_GRADE];

  const submit = async () => {
    if (!row) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await call('adjustGrade', { cycleId: cycle.id, subjectKey: row.subjectKey, toGrade: v.toGrade, reason: v.reason.trim() });
      onDone();
      if (r.warnings.length > 0) {
        modal.warning({
          title: '已调整，但请注意',
          content: (
            <ul style={{ paddingLeft: 18, margin: 0 }}>
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ),
          okText: '知道了',
        });
      }
    } catch (e) {
      modal.error({ title: '不能调整', content: errorMessage(e), okText: '知道了' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={row ? `调整等次：${row.name}` : '调整等次'}
      open={row !== null}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="确认调整"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'adjust-ok' }}
    >
      {row ? (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            总分 {fmtNum(row.total, category.settings.decimals)}，排名 {row.rank}/{row.rankOf}，按规则拟定为“{row.computedGrade}”：{row.gradeNote}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" preserve={false} initialValues={{ toGrade: row.finalGrade, reason: row.adjustment?.reason ?? '' }}>
            <Form.Item name="toGrade" label="调整为" rules={[{ required: true, message: '请选择等次' }]}>
              <Select
                data-testid="adjust-grade-select"
                style={{ width: 200 }}
                options={grades.map((g) => ({ value: g, label: <GradeTag grade={g} /> }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label="调整理由"
              rules={[
                { required: true, whitespace: true, message: '请填写调整理由' },
                { validator: (_r, v: string | undefined) => ((v ?? '').trim().length >= 4 ? Promise.resolve() : Promise.reject(new Error('调整理由至少4个字'))) },
              ]}
              extra="将记入评定记录，并在审计日志中留存。"
            >
              <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：经考核委员会研究，……" data-testid="adjust-reason" />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

export function GradingPage() {
  const { cycle } = useAppState();
  const cats = useCategories();
  const sel = cats.selected;
  const results = useQuery('listResults', sel ? { cycleId: cycle.id, categoryId: sel.id } : null);
  const [adjusting, setAdjusting] = useState<ResultRow | null>(null);
  const rows = useMemo(() => [...(results.data ?? [])].sort((a, b) => a.rank - b.rank), [results.data]);
  const d = sel?.settings.decimals ?? 2;

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.finalGrade, (m.get(r.finalGrade) ?? 0) + 1);
    return m;
  }, [rows]);

  const rules = sel?.settings.grading;
  const quota = rules ? topQuota(rows.length, rules) : 0;
  const top = rules?.grades[0] ?? '优秀';
  const topCount = counts.get(top) ?? 0;
  const adjustedCount = rows.filter((r) => r.adjustment).length;

  return (
    <>
      <PageHeader
        title="等次评定"
        subtitle="按规则拟定等次（否决与处分 → 门槛 → 名额 → 分数线），考核委员会可逐个调整并写明理由。"
        extra={<CategoryPicker categories={cats.categories} value={sel} onChange={cats.select} />}
      />
      <QueryError error={cats.error ?? results.error} onRetry={() => (cats.reload(), results.reload())} />
      {sel && rules && rows.length > 0 ? (
        <div className="panel" style={{ marginBottom: 12 }} data-testid="grade-summary">
          <div className="quota-bar">
            <Typography.Text strong style={{ marginRight: 4 }}>
              {sel.name}
            </Typography.Text>
            <span className="quota-item">参评 {rows.length}</span>
            {[...rules.grades, UNDETERMINED_GRADE].map((g, i) =>
              i === 0 ? (
                <span key={g} className={`quota-item ${topCount > quota ? 'quota-over' : ''}`} data-testid="quota-top">
                  <GradeTag grade={g} />
                  <span>
                    {topCount} / 名额 {quota}
                  </span>
                  {topCount > quota ? (
                    <Tooltip title={`超出名额 ${topCount - quota} 个`}>
                      <WarningOutlined style={{ color: '#c8322f' }} />
                    </Tooltip>
                  ) : null}
                </span>
              ) : g === UNDETERMINED_GRADE && !counts.get(g) ? null : (
                <span key={g} className="quota-item">
                  <GradeTag grade={g} />
                  <span>{counts.get(g) ?? 0}</span>
                </span>
              ),
            )}
            <span className="quota-item">已调整 {adjustedCount}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {top}比例 {fmtPlain(rules.topQuotaPercent)}%（{{ floor: '向下取整', round: '四舍五入', ceil: '向上取整' }[rules.rounding]}）
              {rules.topMinTotal !== undefined ? `，最低 ${fmtPlain(rules.topMinTotal)} 分` : ''}
            </Typography.Text>
          </div>
        </div>
      ) : null}
      <div className="panel">
        {!sel && !cats.loading ? (
          <Empty description="还没有考核类别。" />
        ) : results.data && rows.length === 0 ? (
          <Empty description="本类别还没有计算结果，请先到“计算排名”中计算。" />
        ) : (
          <Table<ResultRow>
            size="small"
            rowKey="subjectKey"
            loading={results.loading && !results.data}
            dataSource={rows}
            pagination={false}
            sticky
            scroll={{ y: 'calc(100vh - 318px)' }}
            data-testid="grading-table"
            rowClassName={(r) => (r.adjustment ? 'row-adjusted' : '')}
            columns={[
              { title: '排名', dataIndex: 'rank', width: 64, align: 'right' },
              { title: sel?.kind === 'cadre' ? '姓名' : '单位', dataIndex: 'name', width: sel?.kind === 'cadre' ? 100 : 160, ellipsis: true },
              ...(sel?.kind === 'cadre' ? [{ title: '所在单位', dataIndex: 'unitName', width: 130, ellipsis: true }] : []),
              { title: '总分', dataIndex: 'total', width: 84, align: 'right', render: (v: number) => <span className="table-num">{fmtNum(v, d)}</span> },
              { title: '拟定等次', dataIndex: 'computedGrade', width: 96, render: (g: string) => <GradeTag grade={g} /> },
              { title: '依据', dataIndex: 'gradeRule', width: 96, render: (r: string) => gradeRuleLabel(r) },
              { title: '规则说明', dataIndex: 'gradeNote', render: (v: string) => <span style={{ fontSize: 13 }}>{v}</span> },
              {
                title: '最终等次',
                dataIndex: 'finalGrade',
                width: 96,
                render: (g: string, r) => (
                  <span data-testid={`final-grade-${r.subjectKey}`}>
                    <GradeTag grade={g} />
                  </span>
                ),
              },
              {
                title: '调整理由',
                key: 'reason',
                width: 200,
                render: (_v, r) =>
                  r.adjustment ? (
                    <Tooltip title={`${fmtDateTime(r.adjustment.decidedAt)} 由“${r.computedGrade}”调整为“${r.adjustment.toGrade}”`}>
                      <span style={{ fontSize: 13 }}>{r.adjustment.reason}</span>
                    </Tooltip>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: '操作',
                key: 'op',
                width: 100,
                align: 'center',
                render: (_v, r) => (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setAdjusting(r)} data-testid="btn-adjust-grade" data-subject={r.subjectKey}>
                    调整等次
                  </Button>
                ),
              },
            ]}
          />
        )}
      </div>
      {sel ? (
        <AdjustModal
          key={adjusting?.subjectKey ?? 'closed'}
          row={adjusting}
          category={sel}
          onClose={() => setAdjusting(null)}
          onDone={() => {
            setAdjusting(null);
            results.reload();
          }}
        />
      ) : null}
    </>
  );
}
