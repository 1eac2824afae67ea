// 整改跟踪: the rectification ledger — one row per problem fed back, through
// 已反馈 → 整改中 → 已报告 → 已销号 (逾期 as the server says, past the
// deadline), the unit's report and the closing decision recorded; the ledger
// exported as .xlsx; open items carried into another year as deductions.
import { useMemo, useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ExportOutlined, RollbackOutlined } from '@ant-design/icons';
import type { RectificationRow } from '../../../shared/ipc/contract-documents.ts';
import { useAction, useQuery } from '../api.ts';
import { EditButton, LockBanner } from '../lock.tsx';
import { PageHeader, QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtDate, fmtDateTime } from '../format.ts';

type Filter = 'all' | 'open' | 'overdue';
type Step = { row: RectificationRow; to: 'in_progress' | 'reported' | 'closed' | 'deadline' };

export function statusTag(r: RectificationRow) {
  const color = r.overdue ? 'red' : { fed_back: 'blue', in_progress: 'orange', reported: 'purple', closed: 'green' }[r.status];
  return (
    <Tag color={color} data-testid={`rect-status-${r.id}`}>
      {r.statusLabel}
    </Tag>
  );
}

const STEP_TITLES = { in_progress: '开始整改', reported: '记录整改报告', closed: '销号', deadline: '调整整改期限' } as const;

function StepModal({ step, onClose }: { step: Step | null; onClose: () => void }) {
  const run = useAction();
  const [form] = Form.useForm<{ report?: string; decision?: string; deadline?: string }>();
  const r = step?.row;
  return (
    <Modal
      open={step !== null}
      title={step ? `${STEP_TITLES[step.to]}：${step.row.unitName}` : ''}
      okText="确定"
      cancelText="取消"
      okButtonProps={{ 'data-testid': 'rect-step-ok' }}
      destroyOnHidden
      onCancel={onClose}
      onOk={async () => {
        if (!step) return;
        const v = await form.validateFields();
        const input =
          step.to === 'deadline'
            ? { id: step.row.id, deadline: v.deadline! }
            : step.to === 'reported'
              ? { id: step.row.id, status: 'reported' as const, report: v.report ?? '' }
              : step.to === 'closed'
                ? { id: step.row.id, status: 'closed' as const, decision: v.decision ?? '' }
                : { id: step.row.id, status: 'in_progress' as const };
        if (await run('updateRectification', input, { success: '整改台账已更新', modal: true })) onClose();
      }}
    >
      {r ? (
        <>
          <Typography.Paragraph>
            <b>问题：</b>
            {r.problem}
          </Typography.Paragraph>
          {r.requirement ? (
            <Typography.Paragraph type="secondary">
              <b>整改要求：</b>
              {r.requirement}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
      <Form form={form} layout="vertical" requiredMark={false} preserve={false} initialValues={r ? { report: r.report, decision: r.decision, deadline: r.deadline } : undefined}>
        {step?.to === 'reported' ? (
          <Form.Item name="report" label="单位报送的整改情况" rules={[{ required: true, whitespace: true, message: '请填写单位报送的整改情况' }]}>
            <Input.TextArea rows={5} maxLength={4000} showCount data-testid="rect-report" />
          </Form.Item>
        ) : null}
        {step?.to === 'closed' ? (
          <Form.Item name="decision" label="销号意见" rules={[{ required: true, whitespace: true, message: '请写明销号意见' }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="rect-decision" />
          </Form.Item>
        ) : null}
        {step?.to === 'deadline' ? (
          <Form.Item name="deadline" label="整改期限（YYYY-MM-DD）" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式应为 YYYY-MM-DD' }]}>
            <Input data-testid="rect-deadline" />
          </Form.Item>
        ) : null}
        {step?.to === 'in_progress' ? <Typography.Paragraph>将此事项标记为“整改中”。</Typography.Paragraph> : null}
      </Form>
    </Modal>
  );
}

function CarryModal({ open, ids, onClose }: { open: boolean; ids: number[]; onClose: () => void }) {
  const { cycle, cycles } = useAppState();
  const { modal } = App.useApp();
  const run = useAction();
  const [target, setTarget] = useState<number | undefined>();
  const [points, setPoints] = useState<number | null>(1);
  const others = cycles.filter((c) => c.id !== cycle.id);
  return (
    <Modal
      open={open}
      title={`转入其他年度扣分（${ids.length ? `选中的 ${ids.length} 项` : '全部未销号事项'}）`}
      okText="转入"
      cancelText="取消"
      okButtonProps={{ disabled: !target || !points, 'data-testid': 'carry-ok' }}
      onCancel={onClose}
      onOk={async () => {
        if (!target || !points) return;
        const out = await run('carryRectification', { cycleId: cycle.id, targetCycleId: target, points, ...(ids.length ? { itemIds: ids } : {}) }, { modal: true });
        if (out) {
          onClose();
          modal.info({
            title: `已转入 ${out.created} 项扣分`,
            content: out.skipped.length ? <ul>{out.skipped.map((s) => <li key={s.id}>{s.reason}</li>)}</ul> : '未销号事项已作为扣分事项记入目标年度。',
            okText: '知道了',
          });
        }
      }}
    >
      <Typography.Paragraph type="secondary">未销号的整改事项作为扣分事项记入目标年度（该年度须处于可录入数据的阶段）；已转入的不会重复转入。</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select placeholder="目标考核年度" style={{ width: '100%' }} value={target} onChange={setTarget} options={others.map((c) => ({ value: c.id, label: c.name }))} data-testid="carry-target" />
        <Space>
          每项扣
          <InputNumber min={0.01} max={100} step={0.5} value={points} onChange={setPoints} data-testid="carry-points" />分
        </Space>
      </Space>
    </Modal>
  );
}

export function RectifyPage() {
  const { cycle } = useAppState();
  const { modal } = App.useApp();
  const run = useAction();
  const [filter, setFilter] = useState<Filter>('all');
  const [unitId, setUnitId] = useState<number | undefined>();
  const [step, setStep] = useState<Step | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [carrying, setCarrying] = useState(false);
  const q = useQuery('listRectification', { cycleId: cycle.id, filter, ...(unitId ? { unitId } : {}) });
  const all = useQuery('listRectification', { cycleId: cycle.id, filter: 'all' });
  const units = useMemo(() => [...new Map((all.data ?? []).map((r) => [r.unitId, r.unitName])).entries()], [all.data]);
  const counts = useMemo(() => {
    const rows = all.data ?? [];
    return { all: rows.length, open: rows.filter((r) => r.status !== 'closed').length, overdue: rows.filter((r) => r.overdue).length };
  }, [all.data]);

  const exportLedger = async () => {
    const out = await run('exportRectification', { cycleId: cycle.id, filter }, { modal: true });
    if (out) modal.success({ title: '整改台账已导出', content: <span data-testid="rect-export-path">{`共 ${out.rows} 条：${out.filePath}`}</span>, okText: '知道了' });
  };

  const act = (r: RectificationRow, to: Step['to'], label: string) => (
    <EditButton scope="rectification" testId={`rect-${to}-${r.id}`} type="link" size="small" onClick={() => setStep({ row: r, to })}>
      {label}
    </EditButton>
  );

  return (
    <>
      <PageHeader
        title="整改跟踪"
        subtitle="反馈函中的每个问题形成一条台账：已反馈 → 整改中 → 已报告 → 已销号；超过期限未报告的显示为逾期。"
        extra={
          <>
            <Button icon={<ExportOutlined />} onClick={() => void exportLedger()} data-testid="btn-export-rectification">
              导出台账
            </Button>
            <EditButton scope="rectification" testId="btn-carry" icon={<RollbackOutlined />} onClick={() => setCarrying(true)} disabled={counts.open === 0}>
              转入其他年度扣分
            </EditButton>
          </>
        }
      />
      <LockBanner scope="rectification" />
      <div className="panel">
        <div className="toolbar">
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            options={[
              { value: 'all', label: `全部 ${counts.all}` },
              { value: 'open', label: `未销号 ${counts.open}` },
              { value: 'overdue', label: `逾期 ${counts.overdue}` },
            ]}
            data-testid="rect-filter"
          />
          <Select allowClear placeholder="全部单位" style={{ width: 200 }} value={unitId} onChange={(v?: number) => setUnitId(v)} options={units.map(([value, label]) => ({ value, label }))} />
          <Typography.Text type="secondary">台账随反馈函生成：生成某单位的反馈函后，其“存在问题”逐条列入。</Typography.Text>
        </div>
        <QueryError error={q.error} onRetry={q.reload} />
        <Table<RectificationRow>
          size="small"
          rowKey="id"
          loading={q.loading && !q.data}
          dataSource={q.data ?? []}
          rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), getCheckboxProps: (r) => ({ disabled: r.status === 'closed' || r.carriedEventId !== null }) }}
          pagination={(q.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          data-testid="rect-table"
          locale={{ emptyText: '没有整改事项。生成反馈函后，函中的问题会列入台账。' }}
          rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 130, ellipsis: true },
            {
              title: '问题与整改要求',
              key: 'problem',
              render: (_v, r) => (
                <div>
                  <div>{r.problem}</div>
                  {r.requirement ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>要求：{r.requirement}</Typography.Text> : null}
                </div>
              ),
            },
            { title: '文号', dataIndex: 'docNumber', width: 140, render: (v: string | null) => v ?? '—' },
            { title: '期限', dataIndex: 'deadline', width: 110, render: (v: string, r) => <span style={{ color: r.overdue ? '#c8322f' : undefined }}>{fmtDate(v)}</span> },
            {
              title: '状态',
              key: 'status',
              width: 110,
              render: (_v, r) => (
                <Space size={2} direction="vertical">
                  {statusTag(r)}
                  {r.carriedEventId !== null ? <Tag color="default">已转入扣分</Tag> : null}
                </Space>
              ),
            },
            {
              title: '单位报告 / 销号意见',
              key: 'report',
              width: 240,
              render: (_v, r) => (
                <div style={{ fontSize: 12 }}>
                  {r.report ? <Tooltip title={r.report}><div className="clamp-2">报告（{fmtDateTime(r.reportedAt)}）：{r.report}</div></Tooltip> : null}
                  {r.decision ? <div className="clamp-2">销号（{fmtDateTime(r.closedAt)}）：{r.decision}</div> : null}
                  {!r.report && !r.decision ? <Typography.Text type="secondary">—</Typography.Text> : null}
                </div>
              ),
            },
            {
              title: '操作',
              key: 'op',
              width: 190,
              render: (_v, r) =>
                r.status === 'closed' ? (
                  <Typography.Text type="secondary">已销号</Typography.Text>
                ) : (
                  <Space size={0} wrap>
                    {r.status === 'fed_back' ? act(r, 'in_progress', '开始整改') : null}
                    {r.status === 'fed_back' || r.status === 'in_progress' ? act(r, 'reported', '记录报告') : null}
                    {r.status === 'reported' ? act(r, 'closed', '销号') : null}
                    {r.status === 'reported' ? act(r, 'in_progress', '退回整改') : null}
                    {act(r, 'deadline', '改期限')}
                  </Space>
                ),
            },
          ]}
        />
      </div>
      <StepModal step={step} onClose={() => setStep(null)} />
      <CarryModal open={carrying} ids={selected} onClose={() => setCarrying(false)} />
    </>
  );
}
