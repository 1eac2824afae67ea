// 系统管理: one tab per duty, shown by role (三员分立): accounts for the system
// administrator (roles, unlocking and passwords for the security
// administrator), the password policy, the audit trail for the auditor,
// backups, data exchange between machines, the history of the data, and the
// system's information.
import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { PageHeader } from '../components/common.tsx';
import { useSession } from '../auth/session.ts';
import { AuditLog } from '../pages/Audit.tsx';
import { AppInfo } from '../pages/Later.tsx';
import { AccountsTab } from './Accounts.tsx';
import { PolicyTab } from './Policy.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { BackupsTab } from './Backups.tsx';
import { ExchangeTab } from './Exchange.tsx';

export function AdminPage() {
  const { can } = useSession();
  const tabs: { key: string; label: string; show: boolean; children: ReactNode }[] = [
    { key: 'accounts', label: '账号与角色', show: can('accounts') || can('roles') || can('unlock'), children: <AccountsTab /> },
    { key: 'policy', label: '密码策略', show: can('policy'), children: <PolicyTab /> },
    { key: 'trail', label: '安全审计', show: can('audit'), children: <AuditTrail /> },
    { key: 'backups', label: '备份与恢复', show: can('backup'), children: <BackupsTab /> },
    { key: 'exchange', label: '数据交换', show: can('exchange'), children: <ExchangeTab /> },
    // the history of the year's data, as the business screens show it
    { key: 'audit', label: '修改记录', show: can('read'), children: <AuditLog /> },
    { key: 'info', label: '系统信息', show: true, children: <AppInfo /> },
  ];
  return (
    <>
      <PageHeader title="系统管理" subtitle="按“三员分立”，各管理员只看到本人职责内的功能。" />
      <div className="panel" style={{ flex: 1, paddingTop: 4 }}>
        <Tabs
          destroyOnHidden
          items={tabs.filter((t) => t.show).map((t) => ({ key: t.key, label: <span data-testid={`tab-${t.key}`}>{t.label}</span>, children: t.children }))}
        />
      </div>
    </>
  );
}
