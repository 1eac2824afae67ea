// Screens planned for a later version: say what they will do. 系统管理 has
// the audit trail already.
import { Descriptions, Result, Tabs, Tag } from 'antd';
import { BarChartOutlined, ScheduleOutlined, SettingOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useQuery } from '../api.ts';
import { PageHeader } from '../components/common.tsx';
import { AuditLog } from './Audit.tsx';
import type { PageKey } from '../nav.ts';

const TEXT: Partial<Record<PageKey, { title: string; result: string; detail: string; icon: ReactNode }>> = {
  rectify: {
    title: '整改跟踪',
    result: '整改台账将在后续版本提供',
    detail: '反馈函中的每个问题将形成一条台账：整改要求、期限、单位报告和销号，逾期事项自动提醒，未销号事项可转入下一年度扣分。',
    icon: <ScheduleOutlined style={{ color: '#1d4f91' }} />,
  },
  stats: {
    title: '统计分析',
    result: '统计分析将在后续版本提供',
    detail: '将提供得分分布图、历年对比、结果运用清单和单位画像，便于回顾与研判。',
    icon: <BarChartOutlined style={{ color: '#1d4f91' }} />,
  },
  admin: {
    title: '系统管理',
    result: '账户与备份功能将在后续版本提供',
    detail: '将提供账户与角色管理、密码策略、数据备份与恢复；审计日志届时仅审计员可见。本机所有修改已自动记入审计日志。',
    icon: <SettingOutlined style={{ color: '#1d4f91' }} />,
  },
};

function AppInfo() {
  const q = useQuery('appInfo', {});
  if (!q.data) return null;
  const hostLabel = { electron: '桌面程序', chromium: '浏览器宿主', test: '测试环境' }[q.data.host];
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      style={{ maxWidth: 720, margin: '0 auto' }}
      items={[
        { key: 'v', label: '版本', children: q.data.version },
        { key: 'u', label: '当前用户', children: q.data.userName },
        { key: 'h', label: '运行方式', children: <Tag>{hostLabel}</Tag> },
        { key: 'd', label: '数据文件', children: q.data.dbFile },
        { key: 'o', label: '文书保存位置', children: q.data.documentsDir },
      ]}
    />
  );
}

export function LaterPage({ page }: { page: PageKey }) {
  const t = TEXT[page];
  if (!t) return null;
  const later = (
    <>
      <Result icon={t.icon} title={t.result} subTitle={t.detail} />
      {page === 'admin' ? <AppInfo /> : null}
    </>
  );
  return (
    <>
      <PageHeader title={t.title} />
      <div className="panel" style={{ flex: 1, paddingTop: page === 'admin' ? 4 : undefined }}>
        {page === 'admin' ? (
          <Tabs
            destroyOnHidden
            items={[
              { key: 'audit', label: <span data-testid="tab-audit">审计日志</span>, children: <AuditLog /> },
              { key: 'info', label: <span data-testid="tab-info">系统信息</span>, children: later },
            ]}
          />
        ) : (
          later
        )}
      </div>
    </>
  );
}
