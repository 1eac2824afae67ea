// 整改跟踪 on the 工作台: the open and overdue items of the year's ledger,
// the overdue ones first, and the way to the ledger.
import { Card, Empty, Skeleton, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '../api.ts';
import { useAppState } from '../context.ts';
import { fmtDate } from '../format.ts';
import { statusTag } from './RectifyPage.tsx';

export function RectifyCard() {
  const { cycle, navigate } = useAppState();
  const q = useQuery('listRectification', { cycleId: cycle.id, filter: 'open' });
  const open = [...(q.data ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline));
  const overdue = open.filter((r) => r.overdue).length;
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      data-testid="dashboard-rectify"
      title={
        <span>
          整改跟踪
          {open.length ? (
            <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ marginLeft: 8, fontWeight: 400, fontSize: 13 }} data-testid="dashboard-rectify-count">
              未销号 {open.length} 项{overdue ? `，逾期 ${overdue} 项` : ''}
            </Typography.Text>
          ) : null}
        </span>
      }
      extra={
        <Typography.Link onClick={() => navigate('rectify')}>
          整改台账 <RightOutlined style={{ fontSize: 10 }} />
        </Typography.Link>
      }
    >
      {q.error ? (
        <Typography.Text type="danger">{q.error}</Typography.Text>
      ) : q.loading && !q.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : open.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未销号的整改事项" />
      ) : (
        <ul className="dash-checks-list">
          {open.slice(0, 5).map((r) => (
            <li key={r.id} title={r.problem} onClick={() => navigate('rectify')}>
              {statusTag(r)}
              <span className="dash-checks-msg">
                {r.unitName}：{r.problem}
              </span>
              <Tag bordered={false} color={r.overdue ? 'red' : undefined} style={{ marginInlineEnd: 0 }}>
                {fmtDate(r.deadline)}
              </Tag>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
