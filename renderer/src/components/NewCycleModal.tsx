// 新建考核年度: a blank plan (name, year and the organ that signs the
// documents), a copy of an earlier year with a preview of what it holds and
// of the indicators' diff, or a plan file imported (.json or .xlsx).
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Segmented } from 'antd';
import type { CycleSummary } from '../../../shared/ipc/contract.ts';
import { useAction, useQuery } from '../api.ts';
import { CopyCycleForm } from './cycles/CopyCycleForm.tsx';
import { ImportPlanForm } from './cycles/ImportPlanForm.tsx';

interface Values {
  name: string;
  year: number;
  organ?: string;
}

type Mode = 'blank' | 'copy' | 'import';

function BlankCycleForm({ onCreated, onCancel }: { onCreated: (c: CycleSummary) => void; onCancel: () => void }) {
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
    <>
      {/* the defaults are the form's initial values: set after opening, they could overwrite what was already typed */}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        requiredMark="optional"
        data-testid="new-cycle-form"
        initialValues={{ year: thisYear, name: `${thisYear}年度综合考核` }}
        onFinish={() => void submit()}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写考核年度名称' }, { max: 100, message: '不能超过100个字' }]}>
          <Input placeholder="例如：2025年度综合考核" data-testid="new-cycle-name" />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} suffix="年" data-testid="new-cycle-year" />
        </Form.Item>
        <Form.Item name="organ" label="考核机关（文书落款）" extra="可不填，稍后在考核方案中修改。">
          <Input placeholder="例如：中共××县委组织部" maxLength={100} />
        </Form.Item>
      </Form>
      <div className="modal-actions" style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onCancel}>取消</Button>
        <Button type="primary" onClick={() => void submit()} loading={busy} data-testid="new-cycle-ok">
          新建
        </Button>
      </div>
    </>
  );
}

export function NewCycleModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CycleSummary) => void }) {
  const [mode, setMode] = useState<Mode>('blank');
  // the years to copy from (the modal may open before any screen has them)
  const cyclesQ = useQuery('listCycles', open ? {} : null);
  const cycles = cyclesQ.data ?? [];
  const close = () => {
    setMode('blank');
    onClose();
  };
  const created = (c: CycleSummary) => {
    setMode('blank');
    onCreated(c);
  };

  return (
    <Modal title="新建考核年度" open={open} onCancel={close} footer={null} destroyOnHidden width={mode === 'blank' ? 520 : 980} maskClosable={false}>
      <Segmented<Mode>
        block
        style={{ marginBottom: 16 }}
        value={mode}
        onChange={setMode}
        data-testid="new-cycle-mode"
        options={[
          { value: 'blank', label: <span data-testid="new-cycle-mode-blank">空白方案</span> },
          { value: 'copy', label: <span data-testid="new-cycle-mode-copy">复制上一年度</span>, disabled: cycles.length === 0 },
          { value: 'import', label: <span data-testid="new-cycle-mode-import">导入方案文件</span> },
        ]}
      />
      {mode === 'blank' ? <BlankCycleForm onCreated={created} onCancel={close} /> : null}
      {mode === 'copy' ? <CopyCycleForm cycles={cycles} onCreated={created} onCancel={close} /> : null}
      {mode === 'import' ? <ImportPlanForm onCreated={created} onCancel={close} /> : null}
    </Modal>
  );
}
