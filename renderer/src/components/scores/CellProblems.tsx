// Every bad cell of the grid at once: where it is and what is wrong. A click
// takes the user to the cell.
import { Alert, Typography } from 'antd';

export interface CellProblemItem {
  key: string;
  subjectName: string;
  indicatorName: string;
  message: string;
  /** refused by the server at the last save (rather than found on entry) */
  fromServer: boolean;
}

export function CellProblems({ items, onGo }: { items: CellProblemItem[]; onGo: (key: string) => void }) {
  if (items.length === 0) return null;
  const shown = items.slice(0, 50);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 10 }}
      data-testid="cell-problems"
      title={`${items.length} 个单元格有误（标为红色），改正或撤销之前不能保存`}
      description={
        <ul className="cell-problems" style={{ margin: 0, paddingLeft: 18, maxHeight: 132, overflow: 'auto' }}>
          {shown.map((p) => (
            <li key={p.key} data-testid="cell-problem">
              <Typography.Link onClick={() => onGo(p.key)}>
                {p.subjectName} · {p.indicatorName}
              </Typography.Link>
              ：{p.message}
              {p.fromServer ? <Typography.Text type="secondary">（保存时被拒绝）</Typography.Text> : null}
            </li>
          ))}
          {items.length > shown.length ? <li>另有 {items.length - shown.length} 处</li> : null}
        </ul>
      }
    />
  );
}
