// First start: no cycle yet.
import { useState } from 'react';
import { Button, Result, Space, Spin, Typography } from 'antd';
import { AuditOutlined, ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import type { CycleSummary } from '../../../shared/ipc/contract.ts';
import { useAction } from '../api.ts';
import { NewCycleModal } from '../components/NewCycleModal.tsx';

export function Welcome({ onOpened }: { onOpened: (c: CycleSummary) => void }) {
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);
  const run = useAction();

  const loadDemo = async () => {
    setLoading(true);
    const c = await run('loadDemo', {}, { success: '示范方案已载入', failure: '载入示范方案失败', modal: true });
    setLoading(false);
    if (c) onOpened(c);
  };

  return (
    <div className="welcome" data-testid="welcome">
      <Spin spinning={loading} description="正在载入示范方案，请稍候…" size="large">
        <Result
          icon={<AuditOutlined style={{ color: '#1d4f91' }} />}
          title="欢迎使用考核评价桌面系统"
          subTitle={
            <Space orientation="vertical" size={4}>
              <span>在一台离线电脑上完成年度考核的全过程：制定方案、采集数据、计算排名、评定等次、印发反馈函。</span>
              <Typography.Text type="secondary">还没有考核年度。可以先载入示范方案熟悉操作，或直接新建本年度的考核。</Typography.Text>
            </Space>
          }
          extra={
            <Space size="middle">
              <Button type="primary" size="large" icon={<ExperimentOutlined />} onClick={() => void loadDemo()} loading={loading} data-testid="btn-load-demo">
                载入示范方案
              </Button>
              <Button size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={loading} data-testid="btn-new-cycle">
                新建考核年度
              </Button>
            </Space>
          }
        />
      </Spin>
      <NewCycleModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          onOpened(c);
        }}
      />
    </div>
  );
}
