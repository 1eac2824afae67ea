// The content of a notice or a letter before any file is written: the
// blocks of the one content model, laid out on a page-like sheet; what is
// still missing in the settings is named, and issuing is refused until it is
// filled in.
import { Alert, Button, Drawer, Empty, Space, Spin } from 'antd';
import type { DocPreview } from '../../../shared/ipc/contract-documents.ts';
import { useQuery } from '../api.ts';
import { EditButton } from '../lock.tsx';
import { QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';

type Block = DocPreview['blocks'][number];

function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((b, i) =>
        b.type === 'paragraph' ? (
          <div key={i} className={`doc-p doc-${b.role}`}>
            <span>{b.text}</span>
            {b.right ? <span className="doc-right">{b.right}</span> : null}
          </div>
        ) : (
          <table key={i} className="doc-table">
            <thead>
              {b.header.map((row, r) => (
                <tr key={r}>
                  {row.map((c, j) => (
                    <th key={j} colSpan={c.colSpan} rowSpan={c.rowSpan}>
                      {c.text}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {b.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, j) => (
                    <td key={j} colSpan={c.colSpan} rowSpan={c.rowSpan} style={{ textAlign: b.columns[j]?.align ?? 'left', fontWeight: c.bold ? 600 : undefined, paddingLeft: c.indent ? 6 + c.indent * 12 : undefined }}>
                      {c.text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </>
  );
}

export interface PreviewTarget {
  kind: 'notice' | 'feedback';
  unitId?: number;
  name: string;
}

export function PreviewDrawer({ target, onClose, onIssue, onSettings, busy }: { target: PreviewTarget | null; onClose: () => void; onIssue: (t: PreviewTarget) => void; onSettings: () => void; busy: boolean }) {
  const { cycle } = useAppState();
  const q = useQuery('previewDocument', target ? { cycleId: cycle.id, kind: target.kind, ...(target.unitId ? { unitId: target.unitId } : {}) } : null);
  const p = q.data;
  const missing = p?.missing ?? [];
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={880}
      title={target ? `预览：${target.kind === 'notice' ? '考核结果通报' : `${target.name}反馈函`}` : ''}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <EditButton scope="documents" testId="preview-issue" type="primary" disabled={!p || missing.length > 0} loading={busy} onClick={() => target && onIssue(target)}>
            生成正式文书
          </EditButton>
        </Space>
      }
    >
      <QueryError error={q.error} onRetry={q.reload} />
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="preview-missing"
          title={`文书设置中还缺少：${missing.join('、')}。填写后才能生成。`}
          action={
            <Button size="small" onClick={onSettings}>
              去填写
            </Button>
          }
        />
      ) : null}
      {q.loading && !p ? (
        <Spin />
      ) : p ? (
        <div className={`doc-sheet doc-${p.format}`} data-testid="preview-sheet">
          <div className="doc-number-hint">发文字号（生成时取号）：{p.docNumber}</div>
          <Blocks blocks={p.blocks} />
          {p.attachment.length ? (
            <>
              <div className="doc-pagebreak">附件</div>
              <Blocks blocks={p.attachment} />
            </>
          ) : null}
          {p.record.length ? (
            <div className="doc-record">
              <Blocks blocks={p.record} />
            </div>
          ) : null}
        </div>
      ) : (
        <Empty description="没有内容" />
      )}
    </Drawer>
  );
}
