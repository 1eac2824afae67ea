// 与上一年度对比: the current year's indicator system against another year's
// (diffCycles) — by default the nearest earlier year — grouped by category.
import { useMemo, useState } from 'react';
import { Modal, Select, Skeleton, Space, Typography } from 'antd';
import type { CycleSummary } from '../../../../shared/ipc/contract.ts';
import { useQuery } from '../../api.ts';
import { QueryError } from '../common.tsx';
import { CycleDiffView } from './CycleDiffView.tsx';

/** The year to compare with: the nearest earlier one, else any other. */
export function previousCycle(cycle: CycleSummary, cycles: CycleSummary[]): CycleSummary | undefined {
  const others = cycles.filter((c) => c.id !== cycle.id);
  const earlier = others.filter((c) => c.year < cycle.year || (c.year === cycle.year && c.id < cycle.id)).sort((a, b) => b.year - a.year || b.id - a.id);
  return earlier[0] ?? [...others].sort((a, b) => b.year - a.year || b.id - a.id)[0];
}

export function CycleDiffModal({ cycle, cycles, open, onClose }: { cycle: CycleSummary; cycles: CycleSummary[]; open: boolean; onClose: () => void }) {
  const fallback = useMemo(() => previousCycle(cycle, cycles), [cycle, cycles]);
  const [fromId, setFromId] = useState<number | undefined>(fallback?.id);
  const from = cycles.find((c) => c.id === fromId);
  const diff = useQuery('diffCycles', open && fromId ? { fromCycleId: fromId, toCycleId: cycle.id } : null);

  return (
    <Modal title="与上一年度对比：指标体系的变化" open={open} onCancel={onClose} footer={null} width={980} destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>对比的年度</Typography.Text>
        <Select
          style={{ width: 280 }}
          value={fromId}
          onChange={setFromId}
          data-testid="diff-from"
          options={cycles.filter((c) => c.id !== cycle.id).map((c) => ({ value: c.id, label: c.name }))}
          placeholder="选择年度"
        />
        <Typography.Text type="secondary">→ {cycle.name}</Typography.Text>
      </Space>
      <QueryError error={diff.error} onRetry={diff.reload} />
      {!fromId ? (
        <Typography.Text type="secondary">没有其他考核年度可以对比。</Typography.Text>
      ) : diff.data && diff.data.fromCycleId === fromId ? (
        <CycleDiffView diff={diff.data} fromName={from?.name ?? ''} toName={cycle.name} />
      ) : diff.loading ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : null}
    </Modal>
  );
}
