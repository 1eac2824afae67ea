// The year's state in the header: its tag, a lock when it forbids edits, and
// the control that moves it forward or back (a reason is asked for going back
// from 已发布/已归档, or whenever the server asks for one).
import { useState } from 'react';
import { Alert, Button, Dropdown, Form, Input, Modal, Space, Tooltip, Typography, type ModalProps } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, DownOutlined, LockOutlined } from '@ant-design/icons';
import { CYCLE_STATUSES, CYCLE_STATUS_LABELS, type CycleStatus } from '../../../shared/domain.ts';
import { transitionNeedsReason, transitionProblem } from '../../../shared/lifecycle.ts';
import type { CycleSummary } from '../../../shared/ipc/contract.ts';
import { ApiError, call, errorMessage } from '../api.ts';
import { allowsSentence } from '../lock.tsx';
import { CycleStatusTag } from './common.tsx';

function StatusModal({ cycle, to, onClose }: { cycle: CycleSummary; to: CycleStatus; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  // the server may ask for a reason where the table here does not
  const [serverAsks, setServerAsks] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const back = CYCLE_STATUSES.indexOf(to) < CYCLE_STATUSES.indexOf(cycle.status);
  const required = transitionNeedsReason(cycle.status, to) || serverAsks !== null;

  const submit = async () => {
    const v = await form.validateFields();
    const reason = (v.reason ?? '').trim();
    setBusy(true);
    setFailure(null);
    try {
      await call('setCycleStatus', { cycleId: cycle.id, status: to, ...(reason ? { reason } : {}) });
      onClose();
    } catch (e) {
      const loc = e instanceof ApiError ? e.location : undefined;
      if (loc?.kind === 'field' && loc.path === 'reason') {
        setServerAsks(e instanceof Error ? e.message : '请填写理由');
        form.setFields([{ name: 'reason', errors: [errorMessage(e)] }]);
      } else {
        setFailure(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={back ? `退回到“${CYCLE_STATUS_LABELS[to]}”` : `推进到“${CYCLE_STATUS_LABELS[to]}”`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={back ? '退回' : '推进'}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'status-ok', danger: back } as ModalProps['okButtonProps']}
    >
      <Typography.Paragraph>
        将“{cycle.name}”由“{CYCLE_STATUS_LABELS[cycle.status]}”{back ? '退回' : '推进'}到“{CYCLE_STATUS_LABELS[to]}”。{allowsSentence(to)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={required ? '理由' : '说明（可不填）'}
          rules={
            required
              ? [
                  { required: true, whitespace: true, message: serverAsks ?? '退回已发布或已归档的考核年度须写明理由' },
                  { validator: (_r, v: string | undefined) => ((v ?? '').trim().length >= 4 || !(v ?? '').trim() ? Promise.resolve() : Promise.reject(new Error('理由至少4个字'))) },
                  { max: 500, message: '不能超过500个字' },
                ]
              : [{ max: 500, message: '不能超过500个字' }]
          }
          extra="状态变更及理由将记入审计日志。"
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="status-reason" placeholder={required ? '如：经考核委员会研究，更正……' : ''} />
        </Form.Item>
      </Form>
      {failure ? <Alert type="error" showIcon title={failure} data-testid="status-error" /> : null}
    </Modal>
  );
}

export function CycleStatusControl({ cycle }: { cycle: CycleSummary }) {
  const [to, setTo] = useState<CycleStatus | null>(null);
  const from = CYCLE_STATUSES.indexOf(cycle.status);
  const moves = CYCLE_STATUSES.filter((s) => transitionProblem(cycle.status, s) === null);
  const locked = cycle.status !== 'draft';
  return (
    <Space size={6}>
      <CycleStatusTag status={cycle.status} />
      {locked ? (
        <Tooltip title={allowsSentence(cycle.status)}>
          <LockOutlined className="app-cycle-lock" data-testid="cycle-lock" aria-label="已锁定" />
        </Tooltip>
      ) : null}
      <Dropdown
        trigger={['click']}
        menu={{
          items: moves.map((s) => {
            const back = CYCLE_STATUSES.indexOf(s) < from;
            return {
              key: s,
              icon: back ? <ArrowLeftOutlined /> : <ArrowRightOutlined />,
              label: <span data-testid={`status-to-${s}`}>{back ? `退回到“${CYCLE_STATUS_LABELS[s]}”` : `推进到“${CYCLE_STATUS_LABELS[s]}”`}</span>,
            };
          }),
          onClick: (e) => setTo(e.key as CycleStatus),
        }}
      >
        <Button size="small" ghost data-testid="btn-cycle-status">
          变更状态 <DownOutlined />
        </Button>
      </Dropdown>
      {to ? <StatusModal key={to} cycle={cycle} to={to} onClose={() => setTo(null)} /> : null}
    </Space>
  );
}
