// 账号与角色: the system administrator creates accounts and enables or
// disables them; the security administrator assigns roles (no account holds
// two administrator roles), unlocks accounts and resets passwords.
import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { ADMIN_ROLES, BUSINESS_ROLES, ROLE_LABELS, separationProblem, type Role } from '../../../shared/security.ts';
import { useAction, useQuery } from '../api.ts';
import { QueryError } from '../components/common.tsx';
import { useSession } from '../auth/session.ts';
import { policyRule } from '../auth/PasswordModal.tsx';
import { fmtDateTime } from '../format.ts';

type Account = OutputOf<'listAccounts'>[number];

function RolesModal({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const run = useAction();
  // mounted per account (keyed by it): starts from the account's roles
  const [roles, setRoles] = useState<Role[]>(account?.roles ?? []);
  const problem = separationProblem(roles);
  return (
    <Modal
      open={account !== null}
      title={account ? `分配角色：${account.name}（${account.login}）` : ''}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ disabled: problem !== null, 'data-testid': 'roles-ok' }}
      onCancel={onClose}
      onOk={async () => {
        if (!account) return;
        if (await run('setAccountRoles', { userId: account.id, roles }, { success: '角色已保存', modal: true })) onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">三员（系统管理员、安全保密管理员、安全审计员）不能由同一账号兼任；业务角色可以组合。</Typography.Paragraph>
      <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} style={{ display: 'grid', gap: 8 }}>
        {[...BUSINESS_ROLES, ...ADMIN_ROLES].map((r) => (
          <Checkbox key={r} value={r} data-testid={`role-${r}`}>
            {ROLE_LABELS[r]}
          </Checkbox>
        ))}
      </Checkbox.Group>
      {problem ? <Typography.Paragraph type="danger" style={{ marginTop: 10 }}>{problem}</Typography.Paragraph> : null}
    </Modal>
  );
}

export function AccountsTab() {
  const { can, session } = useSession();
  const { modal } = App.useApp();
  const run = useAction();
  const q = useQuery('listAccounts', {});
  const policy = useQuery('getPasswordPolicy', {});
  const [creating, setCreating] = useState(false);
  const [rolesOf, setRolesOf] = useState<Account | null>(null);
  const [resetOf, setResetOf] = useState<Account | null>(null);
  const [createForm] = Form.useForm<{ login: string; name: string; password: string }>();
  const [resetForm] = Form.useForm<{ password: string }>();
  const me = session?.user?.id;

  return (
    <>
      <div className="toolbar">
        {can('accounts') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="btn-create-account">
            新建账号
          </Button>
        ) : null}
        <Typography.Text type="secondary">
          {can('accounts') ? '新建的账号没有角色，请安全保密管理员分配；首次登录须修改密码。' : '角色、解锁和重置密码由安全保密管理员办理。'}
        </Typography.Text>
      </div>
      <QueryError error={q.error} onRetry={q.reload} />
      <Table<Account>
        size="small"
        rowKey="id"
        loading={q.loading && !q.data}
        dataSource={q.data ?? []}
        pagination={false}
        data-testid="accounts-table"
        columns={[
          { title: '账号', dataIndex: 'login', width: 130 },
          { title: '姓名', dataIndex: 'name', width: 130 },
          {
            title: '角色',
            key: 'roles',
            render: (_v, a) => (a.roles.length ? a.roles.map((r) => <Tag key={r} color={(ADMIN_ROLES as readonly string[]).includes(r) ? 'geekblue' : 'default'}>{ROLE_LABELS[r]}</Tag>) : <Typography.Text type="warning">未分配角色</Typography.Text>),
          },
          {
            title: '状态',
            key: 'state',
            width: 190,
            render: (_v, a) => (
              <Space size={4} wrap>
                {a.enabled ? <Tag color="green">启用</Tag> : <Tag color="default">已停用</Tag>}
                {a.locked ? <Tooltip title={`锁定至 ${fmtDateTime(a.lockedUntil)}`}><Tag color="red" data-testid={`locked-${a.login}`}>已锁定</Tag></Tooltip> : null}
                {a.mustChangePassword ? <Tag color="orange">待改密码</Tag> : null}
              </Space>
            ),
          },
          { title: '密码修改时间', dataIndex: 'passwordChangedAt', width: 150, render: (v: string | null) => fmtDateTime(v) },
          {
            title: '操作',
            key: 'op',
            width: 260,
            render: (_v, a) => (
              <Space size={0} wrap>
                {can('accounts') && a.id !== me ? (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`btn-enable-${a.login}`}
                    onClick={() =>
                      modal.confirm({
                        title: `${a.enabled ? '停用' : '启用'}账号“${a.name}”？`,
                        content: a.enabled ? '停用后该账号不能登录，正在使用的会话立即失效。' : undefined,
                        okText: a.enabled ? '停用' : '启用',
                        cancelText: '取消',
                        onOk: () => run('setAccountEnabled', { userId: a.id, enabled: !a.enabled }, { success: a.enabled ? '已停用' : '已启用', modal: true }),
                      })
                    }
                  >
                    {a.enabled ? '停用' : '启用'}
                  </Button>
                ) : null}
                {can('roles') && a.id !== me ? (
                  <Button type="link" size="small" onClick={() => setRolesOf(a)} data-testid={`btn-roles-${a.login}`}>
                    分配角色
                  </Button>
                ) : null}
                {can('unlock') && a.locked ? (
                  <Button type="link" size="small" onClick={() => void run('unlockAccount', { userId: a.id }, { success: `已解锁“${a.name}”` })} data-testid={`btn-unlock-${a.login}`}>
                    解锁
                  </Button>
                ) : null}
                {can('unlock') && a.id !== me ? (
                  <Button type="link" size="small" onClick={() => setResetOf(a)} data-testid={`btn-reset-${a.login}`}>
                    重置密码
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title="新建账号"
        okText="创建"
        cancelText="取消"
        okButtonProps={{ 'data-testid': 'account-ok' }}
        onCancel={() => setCreating(false)}
        onOk={async () => {
          const v = await createForm.validateFields();
          if (await run('createAccount', v, { success: `已创建账号“${v.login}”`, modal: true })) {
            createForm.resetFields();
            setCreating(false);
          }
        }}
        destroyOnHidden
      >
        <Form form={createForm} layout="vertical" requiredMark={false} preserve={false}>
          <Form.Item name="login" label="账号名" rules={[{ required: true, message: '请输入账号名' }, { pattern: /^[A-Za-z0-9_.-]+$/, message: '只能由字母、数字、下划线、点和连字符组成' }]}>
            <Input data-testid="account-login" autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input data-testid="account-name" autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label="初始密码" extra="用户首次登录时须修改。" rules={[policyRule(policy.data, () => createForm.getFieldValue('login') as string)]}>
            <Input.Password data-testid="account-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={resetOf !== null}
        title={resetOf ? `重置密码：${resetOf.name}（${resetOf.login}）` : ''}
        okText="重置"
        cancelText="取消"
        okButtonProps={{ 'data-testid': 'reset-ok' }}
        onCancel={() => setResetOf(null)}
        onOk={async () => {
          const v = await resetForm.validateFields();
          if (resetOf && (await run('resetPassword', { userId: resetOf.id, newPassword: v.password }, { success: '密码已重置，用户下次登录须修改', modal: true }))) setResetOf(null);
        }}
        destroyOnHidden
      >
        <Form form={resetForm} layout="vertical" requiredMark={false} preserve={false}>
          <Form.Item name="password" label="新密码" extra="重置后该账号正在使用的会话失效，下次登录须修改密码。" rules={[policyRule(policy.data, () => resetOf?.login)]}>
            <Input.Password data-testid="reset-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <RolesModal key={rolesOf?.id ?? 0} account={rolesOf} onClose={() => setRolesOf(null)} />
    </>
  );
}
