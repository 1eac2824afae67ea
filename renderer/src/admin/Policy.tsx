// 密码策略 (security administrator): length, character classes, expiry,
// history, lockout after failures and the idle auto-lock.
import { useEffect } from 'react';
import { Button, Form, InputNumber, Space } from 'antd';
import type { PasswordPolicy } from '../../../shared/security.ts';
import { useAction, useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';

const FIELDS: { key: keyof PasswordPolicy; label: string; unit: string; min: number; max: number; extra?: string }[] = [
  { key: 'minLength', label: '密码最短长度', unit: '个字符', min: 8, max: 64 },
  { key: 'minClasses', label: '至少包含字符类别', unit: '类', min: 1, max: 4, extra: '小写字母、大写字母、数字、其他符号' },
  { key: 'expiryDays', label: '密码有效期', unit: '天', min: 0, max: 3650, extra: '0 表示不过期；过期后登录须先修改密码' },
  { key: 'historyCount', label: '不能重复使用最近', unit: '次的密码', min: 0, max: 24 },
  { key: 'maxFailures', label: '连续登录失败', unit: '次后锁定账号', min: 3, max: 20 },
  { key: 'lockMinutes', label: '锁定时长', unit: '分钟', min: 1, max: 1440 },
  { key: 'idleMinutes', label: '无操作自动锁定', unit: '分钟', min: 1, max: 240 },
];

export function PolicyTab() {
  const q = useQuery('getPasswordPolicy', {});
  const run = useAction();
  const [form] = Form.useForm<PasswordPolicy>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);
  return (
    <>
      <QueryError error={q.error} onRetry={q.reload} />
      <Form form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 14 }} style={{ maxWidth: 760 }} data-testid="policy-form">
        {FIELDS.map((f) => (
          <Form.Item key={f.key} label={f.label} extra={f.extra}>
            <Space>
              <Form.Item name={f.key} noStyle rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 120 }} data-testid={`policy-${f.key}`} />
              </Form.Item>
              <span>{f.unit}</span>
            </Space>
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Button type="primary" data-testid="policy-save" onClick={async () => void run('setPasswordPolicy', await form.validateFields(), { success: '密码策略已保存', modal: true })}>
            保存策略
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}
