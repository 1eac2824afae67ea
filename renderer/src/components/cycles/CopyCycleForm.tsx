// 复制上一年度: the source year, the new year's name, year and organ; 预览
// shows what the copy will hold (previewCopyCycle: counts, and the diff of
// the source's indicators against the year it was itself copied from, or a
// chosen one); 确认复制 makes it (copyCycle, one transaction). Scores,
// tallies, events and results are not copied.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { CopyOutlined, EyeOutlined } from '@ant-design/icons';
import type { CycleSummary, OutputOf } from '../../../../shared/ipc/contract.ts';
import type { CopyCounts } from '../../../../shared/ipc/contract-collect.ts';
import { ApiError, call, errorMessage } from '../../api.ts';
import { CycleDiffView } from './CycleDiffView.tsx';

interface Values {
  sourceCycleId: number;
  name: string;
  year: number;
  organ?: string;
  compareWithCycleId?: number;
}

const COUNT_LABELS: [keyof CopyCounts, string, string][] = [
  ['categories', '考核类别', '个'],
  ['components', '考核构成', '项'],
  ['indicators', '指标', '项'],
  ['departments', '责任单位', '个'],
  ['units', '被考核单位', '个'],
  ['cadres', '领导干部', '名'],
  ['raterGroups', '测评组', '个'],
  ['assessmentGroups', '考核组', '个'],
];

export function CopyCounts({ counts, prefix }: { counts: Partial<Record<string, number>>; prefix: string }) {
  return (
    <Descriptions size="small" column={4} bordered data-testid={`${prefix}-counts`}>
      {COUNT_LABELS.filter(([k]) => counts[k] !== undefined).map(([k, label, unit]) => (
        <Descriptions.Item key={k} label={label}>
          <span data-testid={`${prefix}-count-${k}`}>{counts[k]}</span> {unit}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** The newest year by year, then by id. */
function newest(cycles: CycleSummary[]): CycleSummary | undefined {
  return [...cycles].sort((a, b) => b.year - a.year || b.id - a.id)[0];
}

/** The source's name with its year moved on, or the usual name. */
function nameFor(source: CycleSummary | undefined, year: number): string {
  if (source && source.name.includes(String(source.year))) return source.name.replaceAll(String(source.year), String(year));
  return `${year}年度综合考核`;
}

export function CopyCycleForm({ cycles, onCreated, onCancel }: { cycles: CycleSummary[]; onCreated: (c: CycleSummary) => void; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const initial = useMemo(() => {
    const src = newest(cycles);
    const year = (src?.year ?? new Date().getFullYear()) + 1;
    return { sourceCycleId: src?.id, year, name: nameFor(src, year) };
  }, [cycles]);
  const [preview, setPreview] = useState<{ values: Values; out: OutputOf<'previewCopyCycle'> } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'copy' | null>(null);
  const byId = (id: number | undefined) => cycles.find((c) => c.id === id);

  const input = (v: Values) => ({
    sourceCycleId: v.sourceCycleId,
    name: v.name.trim(),
    year: v.year,
    ...(v.organ?.trim() ? { organ: v.organ.trim() } : {}),
  });

  /** A refusal about a field goes beside it; any other above the buttons. */
  const showError = (e: unknown) => {
    const loc = e instanceof ApiError ? e.location : undefined;
    if (loc?.kind === 'field' && ['name', 'year', 'organ', 'sourceCycleId'].includes(loc.path)) form.setFields([{ name: loc.path as keyof Values, errors: [errorMessage(e)] }]);
    else setFailure(errorMessage(e));
  };

  const runPreview = async () => {
    const v = await form.validateFields();
    setBusy('preview');
    setFailure(null);
    try {
      const out = await call('previewCopyCycle', { ...input(v), ...(v.compareWithCycleId ? { compareWithCycleId: v.compareWithCycleId } : {}) });
      setPreview({ values: v, out });
    } catch (e) {
      setPreview(null);
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const runCopy = async () => {
    if (!preview) return;
    setBusy('copy');
    setFailure(null);
    try {
      const out = await call('copyCycle', input(preview.values));
      void message.success(`已复制为“${out.cycle.name}”（${out.counts.indicators} 项指标、${out.counts.units} 个单位、${out.counts.cadres} 名干部）`);
      onCreated(out.cycle);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const source = preview ? byId(preview.values.sourceCycleId) : undefined;
  const diff = preview?.out.diff ?? null;

  return (
    <div data-testid="copy-cycle-form">
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={initial}
        onValuesChange={(changed: Partial<Values>) => {
          // what was previewed no longer holds
          setPreview(null);
          setFailure(null);
          if (changed.sourceCycleId !== undefined) {
            const src = byId(changed.sourceCycleId);
            if (src) form.setFieldsValue({ year: src.year + 1, name: nameFor(src, src.year + 1) });
          }
        }}
      >
        <Space align="start" wrap size={16}>
          <Form.Item name="sourceCycleId" label="复制来源" rules={[{ required: true, message: '请选择要复制的考核年度' }]} style={{ width: 260 }}>
            <Select
              data-testid="copy-source"
              options={[...cycles].sort((a, b) => b.year - a.year || b.id - a.id).map((c) => ({ value: c.id, label: c.name }))}
              placeholder="选择考核年度"
            />
          </Form.Item>
          <Form.Item name="name" label="新年度名称" rules={[{ required: true, whitespace: true, message: '请填写考核年度名称' }, { max: 100, message: '不能超过100个字' }]} style={{ width: 260 }}>
            <Input data-testid="copy-name" />
          </Form.Item>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} suffix="年" data-testid="copy-year" />
          </Form.Item>
        </Space>
        <Space align="start" wrap size={16}>
          <Form.Item name="organ" label="考核机关（文书落款）" extra="留空则沿用来源年度的考核机关。" style={{ width: 400 }}>
            <Input maxLength={100} data-testid="copy-organ" />
          </Form.Item>
          <Form.Item name="compareWithCycleId" label="预览时对比的年度" extra="默认与来源年度的上一年度（它复制自的年度）对比。" style={{ width: 260 }}>
            <Select allowClear placeholder="默认" data-testid="copy-compare" options={cycles.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        复制指标体系、考核类别及其评定规则、考核构成、被考核单位、领导干部、责任单位、测评组、考核组和文书设置（文号从 1 重新编起）；不复制得分、测评票数、加减分事项和计算结果。新年度为“编制中”，可以继续修改。
      </Typography.Paragraph>

      {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid="copy-error" /> : null}

      {preview ? (
        <div data-testid="copy-preview" style={{ marginBottom: 12 }}>
          <Typography.Title level={5}>将复制“{source?.name}”的：</Typography.Title>
          <CopyCounts counts={preview.out.counts} prefix="copy" />
          <div style={{ marginTop: 12 }}>
            {diff ? (
              <CycleDiffView diff={diff} fromName={byId(diff.fromCycleId)?.name ?? `编号 ${diff.fromCycleId}`} toName={source?.name ?? ''} />
            ) : (
              <Alert type="info" showIcon data-testid="copy-no-diff" title={`“${source?.name ?? ''}”不是从其他年度复制而来，没有可对比的指标体系；如需对比，请在“预览时对比的年度”中选择。`} />
            )}
          </div>
        </div>
      ) : null}

      <div className="modal-actions" style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onCancel}>取消</Button>
        <Button icon={<EyeOutlined />} onClick={() => void runPreview()} loading={busy === 'preview'} data-testid="copy-preview-btn">
          预览
        </Button>
        <Button type="primary" icon={<CopyOutlined />} onClick={() => void runCopy()} disabled={!preview} loading={busy === 'copy'} data-testid="copy-ok">
          确认复制
        </Button>
      </div>
    </div>
  );
}
