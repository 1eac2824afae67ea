// The diff of two years' indicator systems (diffCycles, previewCopyCycle):
// indicators added, removed and changed (old → new, field by field), matched
// by category name and indicator code, grouped by category; categories that
// only one of the years has, above.
import type { HTMLAttributes, ReactNode } from 'react';
import { Alert, Empty, Space, Table, Tag, Typography } from 'antd';
import type { CycleDiff } from '../../../../shared/ipc/contract-collect.ts';
import { fmtPlain } from '../../format.ts';

type Kind = 'added' | 'removed' | 'changed';

const KIND: Record<Kind, { label: string; color: string }> = {
  added: { label: '新增', color: 'green' },
  removed: { label: '删除', color: 'red' },
  changed: { label: '修改', color: 'orange' },
};

const FIELD_LABELS: Record<CycleDiff['changed'][number]['fields'][number], string> = {
  name: '名称',
  fullPoints: '分值',
  method: '计分方法',
  department: '责任单位',
};

interface Row {
  key: string;
  kind: Kind;
  categoryName: string;
  code: string;
  name: string;
  what: ReactNode;
}

function changeText(c: CycleDiff['changed'][number]): ReactNode {
  const show = (f: (typeof c.fields)[number], side: typeof c.before) => {
    const v = side[f];
    if (f === 'fullPoints') return fmtPlain(v as number);
    return v === null || v === '' ? '（无）' : String(v);
  };
  return (
    <Space direction="vertical" size={0}>
      {c.fields.map((f) => (
        <span key={f} data-testid={`diff-field-${f}`}>
          {FIELD_LABELS[f]}：<Typography.Text delete type="secondary">{show(f, c.before)}</Typography.Text> → <Typography.Text strong>{show(f, c.after)}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}

/** The rows of a diff, by category in the order the years list them, added, then changed, then removed. */
export function diffRows(diff: CycleDiff): Row[] {
  const rows: Row[] = [
    ...diff.added.map((a): Row => ({ key: `a:${a.categoryName}:${a.code}`, kind: 'added', categoryName: a.categoryName, code: a.code, name: a.name, what: `分值 ${fmtPlain(a.fullPoints)}` })),
    ...diff.changed.map((c): Row => ({ key: `c:${c.categoryName}:${c.code}`, kind: 'changed', categoryName: c.categoryName, code: c.code, name: c.name, what: changeText(c) })),
    ...diff.removed.map((r): Row => ({ key: `r:${r.categoryName}:${r.code}`, kind: 'removed', categoryName: r.categoryName, code: r.code, name: r.name, what: `原分值 ${fmtPlain(r.fullPoints)}` })),
  ];
  return rows;
}

export function DiffSummary({ diff }: { diff: CycleDiff }) {
  return (
    <Space size={12} data-testid="diff-summary">
      <span>
        新增 <b data-testid="diff-count-added">{diff.added.length}</b> 项
      </span>
      <span>
        删除 <b data-testid="diff-count-removed">{diff.removed.length}</b> 项
      </span>
      <span>
        修改 <b data-testid="diff-count-changed">{diff.changed.length}</b> 项
      </span>
    </Space>
  );
}

/** The diff from `fromName` to `toName`, grouped by category. */
export function CycleDiffView({ diff, fromName, toName }: { diff: CycleDiff; fromName: string; toName: string }) {
  const rows = diffRows(diff);
  // categories in the order they first appear (added rows come from the newer year)
  const categories = [...new Set(rows.map((r) => r.categoryName))];
  const nothing = rows.length === 0 && diff.categoriesAdded.length === 0 && diff.categoriesRemoved.length === 0;
  return (
    <div data-testid="cycle-diff">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        由“{fromName}”到“{toName}”的指标变化（按类别名称和指标编号对应）：<DiffSummary diff={diff} />
      </Typography.Paragraph>
      {diff.categoriesAdded.length > 0 || diff.categoriesRemoved.length > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="diff-categories"
          title={
            <Space wrap>
              {diff.categoriesAdded.map((c) => (
                <Tag key={`+${c}`} color="green">
                  新增类别：{c}
                </Tag>
              ))}
              {diff.categoriesRemoved.map((c) => (
                <Tag key={`-${c}`} color="red">
                  删除类别：{c}
                </Tag>
              ))}
            </Space>
          }
        />
      ) : null}
      {nothing ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="两个年度的指标体系相同" data-testid="diff-empty" />
      ) : (
        categories.map((cat) => (
          <div key={cat} className="diff-category" data-testid={`diff-category-${cat}`} style={{ marginBottom: 12 }}>
            <Typography.Text strong>{cat}</Typography.Text>
            <Table<Row>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rows.filter((r) => r.categoryName === cat)}
              onRow={(r) => ({ 'data-testid': `diff-row-${r.kind}-${r.code}` }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: '变化', dataIndex: 'kind', width: 70, render: (k: Kind) => <Tag color={KIND[k].color}>{KIND[k].label}</Tag> },
                { title: '编号', dataIndex: 'code', width: 90 },
                { title: '指标', dataIndex: 'name', width: 220 },
                { title: '内容（原 → 新）', dataIndex: 'what', render: (w: ReactNode) => w },
              ]}
            />
          </div>
        ))
      )}
    </div>
  );
}
