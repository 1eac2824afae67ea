// 修改密码: forced after an administrator set the password or when it has
// expired (the session opens nothing else until it is changed), or chosen
// from the user menu. The policy's rules are shown and checked as typed; the
// server checks them again (and the history of passwords).
import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { passwordProblems, type PasswordPolicy } from '../../../shared/security.ts';
import { call, errorMessage } from '../api.ts';
import type { SessionInfo } from './session.ts';

export function policyText(p: PasswordPolicy): string {
  return `至少 ${p.minLength} 个字符，包含小写字母、大写字母、数字、其他符号中的至少 ${p.minClasses} 类，不能包含账号名${p.historyCount > 0 ? `，不能与最近 ${p.historyCount} 次的密码相同` : ''}。`;
}

/** A password field's rule from the policy (the same check as the server's first one). */
export function policyRule(policy: PasswordPolicy | undefined, login?: () => string | undefined) {
  return {
    validator: (_: unknown, v: string | undefined) => {
      if (!v) return Promise.reject(new Error('请输入密码'));
      if (!policy) return Promise.resolve();
      const problems = passwordProblems(v, policy, login?.());
      return problems.length ? Promise.reject(new Error(`密码${problems.join('；')}`)) : Promise.resolve();
    },
  };
}

export function PasswordModal({ open, forced, login, policy, onDone, onCancel }: { open: boolean; forced: boolean; login: string; policy: PasswordPolicy | undefined; onDone: (s: SessionInfo) => void; onCancel: () => void }) {
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const s = await call('changePassword', { login, oldPassword: v.oldPassword, newPassword: v.newPassword });
      form.resetFields();
      onDone(s);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={forced ? '请先修改密码' : '修改密码'}
      okText="修改密码"
      cancelText="取消"
      confirmLoading={busy}
      closable={!forced}
      mask={{ closable: false }}
      keyboard={!forced}
      cancelButtonProps={forced ? { style: { display: 'none' } } : undefined}
      okButtonProps={{ 'data-testid': 'pw-ok' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
      data-testid="password-modal"
    >
      {forced ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="密码由管理员设置或已过期，修改后才能继续使用系统。" /> : null}
      {policy ? <Typography.Paragraph type="secondary">密码要求：{policyText(policy)}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item label="账号">
          <Input value={login} disabled />
        </Form.Item>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" data-testid="pw-old" />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" rules={[policyRule(policy, () => login)]}>
          <Input.Password autoComplete="new-password" data-testid="pw-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={['newPassword']}
          rules={[({ getFieldValue }) => ({ validator: (_: unknown, v: string) => (v && v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))) })]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="pw-error" /> : null}
    </Modal>
  );
}
