// 新建考核年度: name, year (and the organ that signs the documents).
import { useState } from 'react';
import { Form, Input, InputNumber, Modal } from 'antd';
import type { CycleSummary } from '../../../shared/ipc/contract.ts';
import { useAction } from '../api.ts';

interface Values {
  name: string;
  year: number;
  organ?: string;
}

export function NewCycleModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CycleSummary) => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const thisYear = new Date().getFullYear();

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const created = await run('createCycle', { name: v.name.trim(), year: v.year, ...(v.organ?.trim() ? { organ: v.organ.trim() } : {}) }, { success: `已新建“${v.name.trim()}”` });
    setBusy(false);
    if (created) {
      form.resetFields();
      onCreated(created);
    }
  };

  return (
    <Modal
      title="新建考核年度"
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="新建"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'new-cycle-ok' }}
    >
      {/* the defaults are the form's initial values: set after opening, they could overwrite what was already typed */}
      <Form form={form} layout="vertical" preserve={false} requiredMark="optional" data-testid="new-cycle-form" initialValues={{ year: thisYear, name: `${thisYear}年度综合考核` }}>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写考核年度名称' }, { max: 100, message: '不能超过100个字' }]}>
          <Input placeholder="例如：2025年度综合考核" data-testid="new-cycle-name" />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} suffix="年" data-testid="new-cycle-year" />
        </Form.Item>
        <Form.Item name="organ" label="考核机关（文书落款）" extra="可不填，稍后在文书中使用。">
          <Input placeholder="例如：中共××县委组织部" maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
