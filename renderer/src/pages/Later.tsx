// Screens planned for a later version say what they will do; the system's
// information is shown in 系统管理.
import { Descriptions, Result, Tag } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useQuery } from '../api.ts';
import { PageHeader } from '../components/common.tsx';
import type { PageKey } from '../nav.ts';

const TEXT: Partial<Record<PageKey, { title: string; result: string; detail: string; icon: ReactNode }>> = {
  stats: {
    title: '统计分析',
    result: '统计分析将在后续版本提供',
    detail: '将提供得分分布图、历年对比、结果运用清单和单位画像，便于回顾与研判。',
    icon: <BarChartOutlined style={{ color: '#1d4f91' }} />,
  },
};

export function AppInfo() {
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
  return (
    <>
      <PageHeader title={t.title} />
      <div className="panel" style={{ flex: 1 }}>
        <Result icon={t.icon} title={t.result} subTitle={t.detail} />
      </div>
    </>
  );
}
