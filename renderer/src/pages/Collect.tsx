// 数据采集: indicator scores (editable matrix), democratic evaluation tallies,
// bonus / deduction / veto events, and the workbooks that go out to the
// responsible departments and come back (采集表).
import { useState } from 'react';
import { Empty, Tabs } from 'antd';
import { CategoryPicker, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { ScoreMatrix } from './ScoreMatrix.tsx';
import { EventsEditor } from '../components/collect/EventsEditor.tsx';
import { TalliesEditor } from '../components/collect/TalliesEditor.tsx';
import { Workbooks } from '../components/collect/Workbooks.tsx';

export function CollectPage() {
  const cats = useCategories();
  const { guarded } = useAppState();
  const [tab, setTab] = useState('scores');
  const sel = cats.selected;
  return (
    <>
      <PageHeader
        title="数据采集"
        subtitle="录入各责任单位报送的指标数据，核对民主测评票数和加减分事项；生成和导入各单位的采集表。"
        extra={tab === 'scores' || tab === 'ballots' ? <CategoryPicker categories={cats.categories} value={sel} onChange={cats.select} /> : null}
      />
      <QueryError error={cats.error} onRetry={cats.reload} />
      <div className="panel" style={{ paddingTop: 4 }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => guarded(() => setTab(k))}
          destroyOnHidden
          items={[
            {
              key: 'scores',
              label: <span data-testid="tab-scores">指标得分</span>,
              children: sel ? <ScoreMatrix key={sel.id} category={sel} /> : <Empty description="请先建立考核类别和指标体系。" />,
            },
            {
              key: 'ballots',
              label: <span data-testid="tab-ballots">民主测评</span>,
              children: sel ? <TalliesEditor key={sel.id} category={sel} /> : <Empty />,
            },
            { key: 'events', label: <span data-testid="tab-events">加减分及否决</span>, children: <EventsEditor /> },
            { key: 'workbooks', label: <span data-testid="tab-workbooks">采集表</span>, children: <Workbooks /> },
          ]}
        />
      </div>
    </>
  );
}
