// 加减分及否决: bonus, deduction, 一票否决, 一票否优, sanctions and
// investigations with their evidence (document number, date, level, issuing
// body, type), under each subject; an investigation is closed with its
// outcome; a delete says first what goes with it (the server's dry run).
// Beside each event, the subject's grade as the engine stored it.
import { useMemo, useState } from 'react';
import { App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColDef } from 'ag-grid-community';
import { EVENT_KINDS, EVENT_KIND_LABELS, type EventKind } from '../../../../shared/domain.ts';
import type { EventDetail } from '../../../../shared/ipc/contract-collect.ts';
import { call, errorMessage, useAction, useQuery } from '../../api.ts';
import { EditButton, useLock } from '../../lock.tsx';
import { GradeTag, QueryError, SaveModal } from '../common.tsx';
import { useAppState } from '../../context.ts';
import { dateCol, Grid } from '../../grid.tsx';

export const EVENT_COLORS: Record<EventKind, string> = {
  bonus: 'green',
  deduction: 'orange',
  veto: 'red',
  veto_top: 'volcano',
  sanction: 'magenta',
  investigation: 'purple',
};

interface EventValues {
  subjectKey: string;
  kind: EventKind;
  type?: string;
  points?: number;
  reason: string;
  evidence?: string;
  docNumber?: string;
  docDate?: Dayjs | null;
  level?: string;
  issuer?: string;
  occurredOn?: Dayjs | null;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function EventModal({ editing, open, onClose }: { editing: EventDetail | null; open: boolean; onClose: () => void }) {
  const { cycle } = useAppState();
  const [form] = Form.useForm<EventValues>();
  const units = useQuery('listUnits', open ? { cycleId: cycle.id } : null);
  const cadres = useQuery('listCadres', open ? { cycleId: cycle.id } : null);
  const kind = Form.useWatch('kind', form);
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const subjects = useMemo(
    () => [
      ...(units.data ?? []).map((u) => ({ value: `unit:${u.id}`, label: `${u.name}（${u.categoryName}）` })),
      ...(cadres.data ?? []).map((c) => ({ value: `cadre:${c.id}`, label: `${c.name} · ${c.unitName}${c.title ? ` ${c.title}` : ''}` })),
    ],
    [units.data, cadres.data],
  );
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const saved = await run(
      'saveEvent',
      {
        cycleId: cycle.id,
        ...(editing ? { id: editing.id } : {}),
        subjectKey: v.subjectKey,
        kind: v.kind,
        type: v.type?.trim() ?? '',
        points: v.kind === 'bonus' || v.kind === 'deduction' ? (v.points ?? 0) : 0,
        reason: v.reason.trim(),
        evidence: v.evidence?.trim() ?? '',
        docNumber: v.docNumber?.trim() ?? '',
        docDate: day(v.docDate),
        level: v.level?.trim() ?? '',
        issuer: v.issuer?.trim() ?? '',
        occurredOn: day(v.occurredOn),
      },
      { success: editing ? '事项已保存，结果已按新数据重新计算' : '已新增事项，结果已按新数据重新计算', modal: true, failure: '事项未保存' },
    );
    setBusy(false);
    if (saved) onClose();
  };
  const scored = kind === 'bonus' || kind === 'deduction';
  return (
    <SaveModal title={editing ? '编辑事项' : '新增加减分或否决事项'} open={open} onCancel={onClose} onSave={() => void submit()} confirmLoading={busy} okTestId="event-ok" width={640}>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? { ...editing, docDate: editing.docDate ? dayjs(editing.docDate) : null, occurredOn: editing.occurredOn ? dayjs(editing.occurredOn) : null }
            : { kind: 'bonus', points: 1 }
        }
      >
        <Form.Item name="subjectKey" label="被考核对象" rules={[{ required: true, message: '请选择单位或干部' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={subjects} placeholder="输入名称查找" data-testid="event-subject" virtual={false} />
        </Form.Item>
        <Space size={12} align="start" wrap>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))} data-testid="event-kind" />
          </Form.Item>
          <Form.Item name="type" label={kind === 'sanction' ? '处分种类' : '事项类别'} extra={kind === 'sanction' ? '如 警告、记过、撤职' : '如 荣誉表彰、通报批评'}>
            <Input style={{ width: 180 }} maxLength={200} data-testid="event-type" />
          </Form.Item>
          {scored ? (
            <Form.Item name="points" label="分值" rules={[{ required: true, message: '请填写分值' }]}>
              <InputNumber min={0} max={1000} step={0.5} style={{ width: 110 }} data-testid="event-points" />
            </Form.Item>
          ) : null}
          <Form.Item name="occurredOn" label="发生日期">
            <DatePicker data-testid="event-date" />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }, { max: 500 }]}>
          <Input.TextArea rows={2} data-testid="event-reason" />
        </Form.Item>
        <Typography.Text strong>依据文件</Typography.Text>
        <Space size={12} align="start" wrap style={{ marginTop: 8 }}>
          <Form.Item name="docNumber" label="文号">
            <Input style={{ width: 200 }} placeholder="如 清组〔2025〕12号" data-testid="event-doc-number" />
          </Form.Item>
          <Form.Item name="docDate" label="发文日期">
            <DatePicker />
          </Form.Item>
          <Form.Item name="level" label="级别">
            <Select style={{ width: 110 }} allowClear options={['国家级', '省级', '市级', '县级'].map((l) => ({ value: l, label: l }))} />
          </Form.Item>
        </Space>
        <Form.Item name="issuer" label="发文机关">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="evidence" label="文件名称或说明">
          <Input maxLength={2000} />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

function CloseModal({ event, onClose }: { event: EventDetail | null; onClose: () => void }) {
  const [form] = Form.useForm<{ closedOn: Dayjs; outcome: string }>();
  const run = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    const r = await run('closeInvestigation', { id: event!.id, closedOn: v.closedOn.format('YYYY-MM-DD'), outcome: v.outcome.trim() }, { success: '立案审查已办结，等次已重新计算' });
    if (r) onClose();
  };
  return (
    <SaveModal title={`办结立案审查：${event?.subjectName ?? ''}`} open={!!event} onCancel={onClose} onSave={() => void submit()} okTestId="close-ok">
      <Form form={form} layout="vertical" preserve={false} initialValues={{ closedOn: dayjs() }}>
        <Form.Item name="closedOn" label="办结日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="outcome" label="处理结果" rules={[{ required: true, whitespace: true, message: '请填写处理结果' }]}>
          <Input.TextArea rows={2} data-testid="close-outcome" placeholder="如 经审查不予处分" />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

export function EventsEditor() {
  const { cycle } = useAppState();
  const { modal, message } = App.useApp();
  const lock = useLock('data');
  const events = useQuery('listEventDetails', { cycleId: cycle.id });
  const results = useQuery('listResults', { cycleId: cycle.id });
  const [kind, setKind] = useState<EventKind | undefined>(undefined);
  const [edit, setEdit] = useState<{ open: boolean; editing: EventDetail | null }>({ open: false, editing: null });
  const [closing, setClosing] = useState<EventDetail | null>(null);
  const run = useAction();
  const grades = useMemo(() => new Map((results.data ?? []).map((r) => [r.subjectKey, r])), [results.data]);
  const rows = useMemo(() => (events.data ?? []).filter((e) => !kind || e.kind === kind), [events.data, kind]);

  const remove = async (e: EventDetail) => {
    let preview;
    try {
      preview = await call('deleteEvent', { id: e.id, dryRun: true });
    } catch (err) {
      void message.error(errorMessage(err));
      return;
    }
    modal.confirm({
      title: `删除“${e.subjectName}”的${EVENT_KIND_LABELS[e.kind]}事项？`,
      content: (
        <div data-testid="delete-preview">
          <p style={{ marginTop: 0 }}>{e.reason}</p>
          <Typography.Text type="danger">{preview.message}</Typography.Text>
        </div>
      ),
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete-event' },
      cancelText: '取消',
      onOk: () => run('deleteEvent', { id: e.id }, { success: '事项已删除，结果已重新计算' }),
    });
  };

  const columns = useMemo<ColDef<EventDetail>[]>(
    () => [
      { headerName: '被考核对象', field: 'subjectName', width: 160, pinned: 'left', tooltipField: 'subjectName' },
      {
        headerName: '当前等次',
        colId: 'grade',
        width: 100,
        pinned: 'left',
        headerTooltip: '计算结果中存储的等次，录入事项后由系统重新计算',
        cellRenderer: (p: { data?: EventDetail }) => {
          const r = p.data ? grades.get(p.data.subjectKey) : undefined;
          return r ? <GradeTag grade={r.finalGrade} /> : null;
        },
      },
      { headerName: '类型', field: 'kind', width: 96, cellRenderer: (p: { value: EventKind }) => <Tag color={EVENT_COLORS[p.value]}>{EVENT_KIND_LABELS[p.value]}</Tag> },
      { headerName: '类别', field: 'type', width: 110 },
      {
        headerName: '分值',
        field: 'points',
        width: 80,
        type: 'rightAligned',
        valueFormatter: (p) => (p.data && (p.data.kind === 'bonus' || p.data.kind === 'deduction') ? `${p.data.kind === 'deduction' ? '−' : '+'}${(p.value as number).toFixed(2)}` : '—'),
      },
      { headerName: '事由', field: 'reason', flex: 2, minWidth: 200, tooltipField: 'reason' },
      { headerName: '文号', field: 'docNumber', width: 150, tooltipField: 'docNumber' },
      dateCol<EventDetail>({ headerName: '发文日期', field: 'docDate' }),
      { headerName: '级别', field: 'level', width: 76 },
      { headerName: '发文机关', field: 'issuer', width: 140, tooltipField: 'issuer' },
      dateCol<EventDetail>({ headerName: '发生日期', field: 'occurredOn' }),
      {
        headerName: '状态',
        colId: 'status',
        width: 150,
        tooltipValueGetter: (p) => (p.data?.closedOn ? `${p.data.closedOn} 办结：${p.data.outcome}` : undefined),
        valueGetter: (p) => (p.data?.kind !== 'investigation' ? '' : p.data.closedOn ? `已办结：${p.data.outcome}` : '审查中'),
      },
      {
        headerName: '操作',
        colId: 'actions',
        width: 150,
        pinned: 'right',
        cellRenderer: (p: { data?: EventDetail }) =>
          p.data && !lock.locked ? (
            <Space size={2}>
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEdit({ open: true, editing: p.data! })} data-testid={`edit-event-${p.data.id}`} />
              {p.data.kind === 'investigation' && !p.data.closedOn ? (
                <Button size="small" type="link" icon={<CheckCircleOutlined />} onClick={() => setClosing(p.data!)} data-testid={`close-event-${p.data.id}`}>
                  办结
                </Button>
              ) : null}
              <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => void remove(p.data!)} data-testid={`delete-event-${p.data.id}`} />
            </Space>
          ) : null,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [grades, lock.locked],
  );

  return (
    <>
      <QueryError error={events.error} onRetry={events.reload} />
      <div className="toolbar">
        <span>类型</span>
        <Select data-testid="event-kind-filter" allowClear placeholder="全部类型" style={{ width: 160 }} value={kind} onChange={(v?: EventKind) => setKind(v)} options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))} />
        <Typography.Text type="secondary">共 {rows.length} 条</Typography.Text>
        <div className="toolbar-spacer" />
        <Typography.Text type="secondary">一票否决定为最低等次，一票否优不得评为最高等次，立案审查未办结的暂不确定等次。</Typography.Text>
        <EditButton scope="data" testId="btn-add-event" type="primary" icon={<PlusOutlined />} onClick={() => setEdit({ open: true, editing: null })}>
          新增事项
        </EditButton>
      </div>
      <Grid<EventDetail>
        testId="events-grid"
        rowData={rows}
        loading={events.loading && !events.data}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本年度还没有加减分或否决事项</span>'
      />
      <EventModal key={edit.editing?.id ?? 'new'} open={edit.open} editing={edit.editing} onClose={() => setEdit({ open: false, editing: null })} />
      <CloseModal event={closing} onClose={() => setClosing(null)} />
    </>
  );
}
