// 年度信息: the cycle's name, year and organ (the one that signs the
// documents) edited after creation (updateCycle). A change of the plan's
// scope: possible while the year is 编制中, for whoever may edit.
import { useState } from 'react';
import { Form, Input, InputNumber } from 'antd';
import type { CycleSummary } from '../../../../shared/ipc/contract.ts';
import { ApiError, call, errorMessage } from '../../api.ts';
import { App } from 'antd';
import { SaveModal } from '../common.tsx';

interface Values {
  name: string;
  year: number;
  organ: string;
}

export function CycleDetailsModal({ cycle, open, onClose }: { cycle: CycleSummary; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    // only what changed is sent (the audit trail then records just that)
    const change = {
      ...(v.name.trim() !== cycle.name ? { name: v.name.trim() } : {}),
      ...(v.year !== cycle.year ? { year: v.year } : {}),
      ...((v.organ ?? '').trim() !== cycle.organ ? { organ: (v.organ ?? '').trim() } : {}),
    };
    if (Object.keys(change).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      const saved = await call('updateCycle', { cycleId: cycle.id, ...change });
      void message.success(`已保存“${saved.name}”的年度信息`);
      onClose();
    } catch (e) {
      const loc = e instanceof ApiError ? e.location : undefined;
      if (loc?.kind === 'field' && ['name', 'year', 'organ'].includes(loc.path)) form.setFields([{ name: loc.path as keyof Values, errors: [errorMessage(e)] }]);
      else void message.error({ content: errorMessage(e), duration: 6 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <SaveModal title="年度信息" open={open} onCancel={onClose} onSave={() => void submit()} confirmLoading={busy} okTestId="cycle-details-ok">
      <Form form={form} layout="vertical" preserve={false} initialValues={{ name: cycle.name, year: cycle.year, organ: cycle.organ }} data-testid="cycle-details-form">
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写考核年度名称' }, { max: 100, message: '不能超过100个字' }]}>
          <Input data-testid="cycle-details-name" />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} suffix="年" data-testid="cycle-details-year" />
        </Form.Item>
        <Form.Item name="organ" label="考核机关（文书落款）" rules={[{ max: 100, message: '不能超过100个字' }]} extra="通报和反馈函的落款机关；文书设置中另有发文机关标志等。">
          <Input placeholder="例如：中共××县委组织部" maxLength={100} data-testid="cycle-details-organ" />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}
