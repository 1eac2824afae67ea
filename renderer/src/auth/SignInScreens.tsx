// The screens before the application: 首次使用设置 (the three administrators
// of 三员分立 get their accounts and passwords), 登录, and the lock screen
// shown after the idle time or when the server closed the session.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { AuditOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { ADMIN_ROLES, ROLE_LABELS, type PasswordPolicy } from '../../../shared/security.ts';
import { call, errorMessage } from '../api.ts';
import { policyRule, policyText } from './PasswordModal.tsx';
import type { SessionInfo } from './session.ts';

function Frame({ title, children, width = 400 }: { title: string; children: ReactNode; width?: number }) {
  return (
    <div className="auth-screen">
      <div className="auth-brand">
        <AuditOutlined /> 考核评价桌面系统
      </div>
      <Card className="auth-card" style={{ width }} title={title}>
        {children}
      </Card>
      <div className="auth-foot">本系统仅在本机运行，不连接任何网络。</div>
    </div>
  );
}

type Person = { login: string; name: string; password: string; confirm: string };
const DUTIES: Record<(typeof ADMIN_ROLES)[number], string> = {
  sysadmin: '管理账号、备份与恢复',
  secadmin: '分配角色、设置密码策略、解锁账号',
  auditor: '查阅和导出审计记录',
};
const SUGGESTED: Record<(typeof ADMIN_ROLES)[number], { login: string; name: string }> = {
  sysadmin: { login: 'sysadmin', name: '系统管理员' },
  secadmin: { login: 'secadmin', name: '安全保密管理员' },
  auditor: { login: 'auditor', name: '安全审计员' },
};

export function SetupScreen({ policy, onDone }: { policy: PasswordPolicy; onDone: (logins: string[]) => void }) {
  const [form] = Form.useForm<Record<string, Person>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const person = (r: (typeof ADMIN_ROLES)[number]) => ({ login: v[r]!.login, name: v[r]!.name, password: v[r]!.password });
      const out = await call('firstRunSetup', { sysadmin: person('sysadmin'), secadmin: person('secadmin'), auditor: person('auditor') });
      onDone(out.accounts.map((a) => a.login));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame title="首次使用设置" width={1080}>
      <Typography.Paragraph>
        按“三员分立”要求，请为系统管理员、安全保密管理员和安全审计员分别设置账号和密码，三个账号由不同人员掌握。业务操作员等账号由系统管理员在登录后创建。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">密码要求：{policyText(policy)}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={Object.fromEntries(ADMIN_ROLES.map((r) => [r, SUGGESTED[r]]))} data-testid="setup-form">
        <Row gutter={16}>
          {ADMIN_ROLES.map((r) => (
            <Col span={8} key={r}>
              <Card size="small" title={ROLE_LABELS[r]} extra={<Typography.Text type="secondary">{DUTIES[r]}</Typography.Text>}>
                <Form.Item name={[r, 'login']} label="账号名" rules={[{ required: true, message: '请输入账号名' }, { pattern: /^[A-Za-z0-9_.-]+$/, message: '只能由字母、数字、下划线、点和连字符组成' }]}>
                  <Input data-testid={`setup-${r}-login`} autoComplete="off" />
                </Form.Item>
                <Form.Item name={[r, 'name']} label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
                  <Input data-testid={`setup-${r}-name`} autoComplete="off" />
                </Form.Item>
                <Form.Item name={[r, 'password']} label="密码" rules={[policyRule(policy, () => form.getFieldValue([r, 'login']) as string)]}>
                  <Input.Password data-testid={`setup-${r}-password`} autoComplete="new-password" />
                </Form.Item>
                <Form.Item
                  name={[r, 'confirm']}
                  label="再次输入密码"
                  dependencies={[[r, 'password']]}
                  rules={[({ getFieldValue }) => ({ validator: (_: unknown, v: string) => (v && v === getFieldValue([r, 'password']) ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) })]}
                >
                  <Input.Password data-testid={`setup-${r}-confirm`} autoComplete="new-password" />
                </Form.Item>
              </Card>
            </Col>
          ))}
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} data-testid="setup-error" /> : null}
      <div style={{ textAlign: 'right', marginTop: 16 }}>
        <Button type="primary" size="large" loading={busy} onClick={() => void submit()} data-testid="setup-submit">
          完成设置
        </Button>
      </div>
    </Frame>
  );
}

export function LoginScreen({ notice, onSignedIn }: { notice?: string | null; onSignedIn: (s: SessionInfo) => void }) {
  const [form] = Form.useForm<{ login: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await call('login', { login: v.login.trim(), password: v.password }));
    } catch (e) {
      setError(errorMessage(e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame title="登录">
      {notice ? <Alert type="success" showIcon style={{ marginBottom: 12 }} title={notice} data-testid="login-notice" /> : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item name="login" label="账号" rules={[{ required: true, message: '请输入账号' }]}>
          <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="login-name" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="login-error" /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
          登录
        </Button>
      </Form>
    </Frame>
  );
}

/** Covers the whole window (the data stays hidden) until the same user gives the password again. */
export function LockScreen({ login, name, reason, onUnlocked, onSwitch }: { login: string; name: string; reason: string; onUnlocked: (s: SessionInfo) => void; onSwitch: () => void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!password) return setError('请输入密码');
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await call('login', { login, password }));
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="lock-overlay" data-testid="lock-screen">
      <Card className="auth-card" style={{ width: 400 }} title={<span><LockOutlined /> 系统已锁定</span>}>
        <Typography.Paragraph>{reason}</Typography.Paragraph>
        <Typography.Paragraph>
          当前用户：<b>{name}</b>（{login}）
        </Typography.Paragraph>
        <Input.Password
          autoFocus
          placeholder="请输入密码解锁"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          onPressEnter={() => void submit()}
          data-testid="unlock-password"
        />
        {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} data-testid="unlock-error" /> : null}
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16 }}>
          <Button onClick={onSwitch} data-testid="unlock-switch">
            切换账号
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="unlock-submit">
            解锁
          </Button>
        </div>
      </Card>
    </div>
  );
}
