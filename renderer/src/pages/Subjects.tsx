// 考核对象: who is assessed and who assesses — the units (by category, in
// the plan's order), their cadres, the responsible departments and the
// assessment groups, each in its tab (components/subjects/). A tab with
// unsaved edits asks before another is opened.
import { useState } from 'react';
import { Tabs } from 'antd';
import { LockBanner } from '../lock.tsx';
import { PageHeader } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { UnitsTab } from '../components/subjects/UnitsTab.tsx';
import { CadresTab } from '../components/subjects/CadresTab.tsx';
import { DepartmentsTab } from '../components/subjects/DepartmentsTab.tsx';
import { GroupsTab } from '../components/subjects/GroupsTab.tsx';

export function SubjectsPage() {
  const { guarded } = useAppState();
  const [tab, setTab] = useState('units');
  return (
    <>
      <PageHeader title="考核对象" subtitle="被考核单位按方案顺序排列；干部随所在单位参加考核；责任单位提供指标数据；考核组负责实地考核。" />
      <LockBanner scope="plan" />
      <div className="panel" style={{ paddingTop: 4 }}>
        <Tabs
          destroyOnHidden
          activeKey={tab}
          onChange={(k) => guarded(() => setTab(k))}
          items={[
            { key: 'units', label: <span data-testid="tab-units">被考核单位</span>, children: <UnitsTab /> },
            { key: 'cadres', label: <span data-testid="tab-cadres">领导干部</span>, children: <CadresTab /> },
            { key: 'departments', label: <span data-testid="tab-departments">责任单位</span>, children: <DepartmentsTab /> },
            { key: 'groups', label: <span data-testid="tab-groups">考核组</span>, children: <GroupsTab /> },
          ]}
        />
      </div>
    </>
  );
}
