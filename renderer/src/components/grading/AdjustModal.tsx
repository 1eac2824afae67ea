// 调整等次: the committee's decision on one subject, with its reason.
import { useState } from 'react';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { UNDETERMINED_GRADE } from '../../../../shared/domain.ts';
import type { Category, ResultRow } from '../../../../shared/ipc/contract.ts';
import { call, errorMessage } from '../../api.ts';
import { GradeTag } from '../common.tsx';
import { useAppState } from '../../context.ts';
import { fmtNum } from '../../format.ts';

interface AdjustValues {
  toGrade: string;
  reason: string;
}

export function AdjustModal({ row, category, onClose, onDone }: { row: ResultRow | null; category: Category; onClose: () => void; onDone: () => void }) {
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
