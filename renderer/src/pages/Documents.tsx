// 文书生成: the settings, the preview of the notice and of each letter before
// files are written, the notice (考核结果通报), letters one by one and in a
// batch, ranking tables and cadre lists, each unit's strengths and problems,
// and the register with each file's integrity and re-issue.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Dropdown, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EyeOutlined, FileDoneOutlined, FileTextOutlined, NotificationOutlined, SettingOutlined, TableOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { DocumentRow, ResultRow, Unit } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, useQuery } from '../api.ts';
import { EditButton, LockBanner, useLock } from '../lock.tsx';
import { GradeTag, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtDateTime, fmtNum } from '../format.ts';
import { SettingsDrawer } from '../documents/SettingsDrawer.tsx';
import { PreviewDrawer, type PreviewTarget } from '../documents/PreviewDrawer.tsx';
import { FeedbackItemsDrawer } from '../documents/FeedbackItems.tsx';
import { Register } from '../documents/Register.tsx';
import { BatchModal } from '../documents/BatchModal.tsx';

interface UnitRow {
  unit: Unit;
  result: ResultRow | undefined;
  lastLetter: DocumentRow | undefined;
  decimals: number;
  items: number;
}

export function DocumentsPage() {
  const { cycle } = useAppState();
  const { notification, modal } = App.useApp();
  const cats = useCategories();
  const [filter, setFilter] = useState<number | undefined>(undefined);
  const units = useQuery('listUnits', { cycleId: cycle.id });
  const results = useQuery('listResults', { cycleId: cycle.id });
  const docs = useQuery('listDocuments', { cycleId: cycle.id });
  const settings = useQuery('getDocumentSettings', { cycleId: cycle.id });
  const items = useQuery('listFeedbackItems', { cycleId: cycle.id });
  const lock = useLock('documents');
  const [busy, setBusy] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [preview, setPreview] = useState<PreviewTarget | null>(null);
  const [itemsOf, setItemsOf] = useState<{ id: number; name: string } | null>(null);
  const [batchOpen, setBatchOpen] = useState(false);

  const rows = useMemo<UnitRow[]>(() => {
    const catOrder = new Map(cats.categories.map((c) => [c.id, c]));
    const byKey = new Map((results.data ?? []).map((r) => [r.subjectKey, r]));
    const lastLetter = new Map<number, DocumentRow>();
    for (const doc of docs.data ?? []) {
      if (doc.kind !== 'feedback' || doc.unitId === null) continue;
      const prev = lastLetter.get(doc.unitId);
      if (!prev || prev.issuedAt < doc.issuedAt || (prev.issuedAt === doc.issuedAt && prev.id < doc.id)) lastLetter.set(doc.unitId, doc);
    }
    const itemCount = new Map<number, number>();
    for (const i of items.data ?? []) itemCount.set(i.unitId, (itemCount.get(i.unitId) ?? 0) + 1);
    return (units.data ?? [])
      .filter((u) => !filter || u.categoryId === filter)
      .sort((a, b) => (catOrder.get(a.categoryId)?.sortOrder ?? 0) - (catOrder.get(b.categoryId)?.sortOrder ?? 0) || a.sortOrder - b.sortOrder || a.id - b.id)
      .map((u) => ({ unit: u, result: byKey.get(`unit:${u.id}`), lastLetter: lastLetter.get(u.id), decimals: catOrder.get(u.categoryId)?.settings.decimals ?? 2, items: itemCount.get(u.id) ?? 0 }));
  }, [units.data, results.data, docs.data, items.data, cats.categories, filter]);

  const issued = (docsOut: DocumentRow[], what: string) =>
    notification.success({
      // one notice at a time: the latest document replaces the previous one's
      key: 'document-issued',
      title: `已生成${what}`,
      description: (
        <div>
          {docsOut.map((doc) => (
            <div key={doc.id} style={{ marginTop: 4 }}>
              <div>{doc.docNumber ? `文号：${doc.docNumber}` : doc.title}</div>
              保存位置：
              <Typography.Text copyable={{ text: doc.filePath, tooltips: ['复制路径', '已复制'] }} data-testid="generated-path" style={{ wordBreak: 'break-all' }}>
                {doc.filePath}
              </Typography.Text>
            </div>
          ))}
        </div>
      ),
      duration: 8,
      placement: 'bottomRight',
    });

  /** Issues a document (a letter, the notice, the tables); refusals are shown with the server's sentence. */
  const issue = async (key: string, what: string, run: () => Promise<DocumentRow | DocumentRow[]>) => {
    setBusy(key);
    try {
      const out = await run();
      issued(Array.isArray(out) ? out : [out], what);
      return true;
    } catch (e) {
      modal.error({ title: `${what}未能生成`, content: errorMessage(e), okText: '知道了' });
      return false;
    } finally {
      setBusy(null);
    }
  };
  const letter = (u: { id: number; name: string }) => issue(`unit-${u.id}`, `“${u.name}”的反馈函`, () => call('generateFeedbackLetter', { cycleId: cycle.id, unitId: u.id }));
  const notice = () => issue('notice', '考核结果通报', () => call('generateNotice', { cycleId: cycle.id }));
  const tables = (format: 'docx' | 'xlsx') => issue(`tables-${format}`, format === 'docx' ? '排名表（Word）' : '排名表（Excel）', () => call('generateRankingTables', { cycleId: cycle.id, format }));

  const reissue = (d: DocumentRow) => {
    modal.confirm({
      title: `重新生成“${d.title}”？`,
      content: `将取新文号、写入新文件，并在登记簿中登记为替代 ${d.docNumber || '原文书'}；原文件保留不动。`,
      okText: '重新生成',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'reissue-ok' } as never,
      onOk: () => {
        if (d.kind === 'feedback' && d.unitId !== null) void letter({ id: d.unitId, name: d.unitName ?? '' });
        else if (d.kind === 'notice') void notice();
        else void tables(d.format === 'xlsx' ? 'xlsx' : 'docx');
      },
    });
  };

  const missing = settings.data ? [...(settings.data.contactPerson.trim() ? [] : ['联系人']), ...(settings.data.contactPhone.trim() ? [] : ['联系电话']), ...(settings.data.mainRecipients.trim() ? [] : ['主送机关'])] : [];
  const hasResults = (results.data?.length ?? 0) > 0;
  // the batch writes every unit's letter, whatever the category filter shows
  const withResults = new Set((results.data ?? []).map((r) => r.subjectKey));
  const batchUnits = (units.data ?? []).filter((u) => withResults.has(`unit:${u.id}`)).map((u) => ({ id: u.id, name: u.name }));

  return (
    <>
      <PageHeader
        title="文书生成"
        subtitle="先预览、再生成；每份文书取新文号并登记在下方登记簿中，文件从不覆盖。"
        extra={
          <>
            <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="btn-doc-settings">
              文书设置
            </Button>
            <Button icon={<NotificationOutlined />} disabled={!hasResults} onClick={() => setPreview({ kind: 'notice', name: '考核结果通报' })} data-testid="btn-result-notice">
              结果通报
            </Button>
            <Dropdown
              trigger={['click']}
              disabled={!hasResults || lock.locked}
              menu={{
                items: [
                  { key: 'docx', label: <span data-testid="btn-tables-docx">排名表和干部等次名册（Word）</span>, onClick: () => void tables('docx') },
                  { key: 'xlsx', label: <span data-testid="btn-tables-xlsx">排名表和干部等次名册（Excel）</span>, onClick: () => void tables('xlsx') },
                ],
              }}
            >
              <Button icon={<TableOutlined />} loading={busy?.startsWith('tables') ?? false} data-testid="btn-tables">
                排名表
              </Button>
            </Dropdown>
            <EditButton scope="documents" testId="btn-generate-all" icon={<FileDoneOutlined />} disabled={!hasResults || batchUnits.length === 0} onClick={() => setBatchOpen(true)}>
              批量生成反馈函
            </EditButton>
          </>
        }
      />
      <LockBanner scope="documents" />
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 10 }}
          data-testid="settings-missing"
          title={`文书设置中还缺少${missing.map((m) => `“${m}”`).join('、')}，相关文书在填写前不能生成。`}
          action={
            <Button size="small" onClick={() => setSettingsOpen(true)}>
              去填写
            </Button>
          }
        />
      ) : null}
      <QueryError error={units.error ?? results.error ?? docs.error} onRetry={() => (units.reload(), results.reload(), docs.reload())} />
      <div className="panel">
        <div className="panel-title">
          <span>考核反馈函</span>
          <Space>
            <span style={{ fontWeight: 400 }}>考核类别</span>
            <Select
              allowClear
              placeholder="全部类别"
              style={{ width: 200 }}
              value={filter}
              onChange={(v?: number) => setFilter(v)}
              virtual={false}
              data-testid="documents-category-filter"
              options={cats.categories.filter((c) => c.kind === 'unit').map((c) => ({ value: c.id, label: c.name }))}
            />
          </Space>
        </div>
        {!hasResults && !results.loading ? <Typography.Paragraph type="warning">尚未计算考核结果，反馈函中的得分、排名和等次需要先到“计算排名”中计算。</Typography.Paragraph> : null}
        <Table<UnitRow>
          size="small"
          rowKey={(r) => r.unit.id}
          loading={units.loading && !units.data}
          dataSource={rows}
          pagination={rows.length > 15 ? { pageSize: 15, showSizeChanger: false, showTotal: (t) => `共 ${t} 个单位` } : false}
          data-testid="feedback-table"
          columns={[
            { title: '序号', key: 'i', width: 56, align: 'right', render: (_v, _r, i) => i + 1 },
            { title: '单位', key: 'name', render: (_v, r) => r.unit.name, ellipsis: true },
            { title: '考核类别', key: 'cat', width: 140, render: (_v, r) => r.unit.categoryName, ellipsis: true },
            { title: '总分', key: 'total', width: 80, align: 'right', render: (_v, r) => <span className="table-num">{r.result ? fmtNum(r.result.total, r.decimals) : '—'}</span> },
            { title: '排名', key: 'rank', width: 70, align: 'right', render: (_v, r) => (r.result ? `${r.result.rank}/${r.result.rankOf}` : '—') },
            { title: '等次', key: 'grade', width: 90, render: (_v, r) => (r.result ? <GradeTag grade={r.result.finalGrade} /> : '—') },
            {
              title: '反馈函',
              key: 'letter',
              width: 190,
              render: (_v, r) =>
                r.lastLetter ? (
                  <Tooltip title={r.lastLetter.filePath}>
                    <Tag color={r.lastLetter.integrity && r.lastLetter.integrity !== 'ok' ? 'red' : 'green'}>{r.lastLetter.docNumber || `已生成 ${fmtDateTime(r.lastLetter.issuedAt).slice(5)}`}</Tag>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">未生成</Typography.Text>
                ),
            },
            {
              title: '操作',
              key: 'op',
              width: 290,
              render: (_v, r) => (
                <Space size={0}>
                  <Button type="link" size="small" icon={<EyeOutlined />} disabled={!r.result} onClick={() => setPreview({ kind: 'feedback', unitId: r.unit.id, name: r.unit.name })} data-testid={`btn-preview-feedback-${r.unit.id}`}>
                    预览
                  </Button>
                  <Button type="link" size="small" icon={<UnorderedListOutlined />} onClick={() => setItemsOf({ id: r.unit.id, name: r.unit.name })} data-testid={`btn-items-${r.unit.id}`}>
                    成绩与问题{r.items ? `（${r.items}）` : ''}
                  </Button>
                  <EditButton
                    scope="documents"
                    testId={`btn-generate-feedback-${r.unit.id}`}
                    type="link"
                    size="small"
                    icon={<FileTextOutlined />}
                    loading={busy === `unit-${r.unit.id}`}
                    disabled={busy !== null && busy !== `unit-${r.unit.id}`}
                    onClick={() => void letter({ id: r.unit.id, name: r.unit.name })}
                  >
                    生成
                  </EditButton>
                </Space>
              ),
            },
          ]}
        />
      </div>
      <Register docs={docs} onReissue={reissue} busyId={null} />
      <SettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <PreviewDrawer
        target={preview}
        busy={busy !== null}
        onClose={() => setPreview(null)}
        onSettings={() => setSettingsOpen(true)}
        onIssue={(t) => void (t.kind === 'notice' ? notice() : letter({ id: t.unitId!, name: t.name })).then((ok) => ok && setPreview(null))}
      />
      <FeedbackItemsDrawer unit={itemsOf} onClose={() => setItemsOf(null)} />
      <BatchModal units={batchUnits} open={batchOpen} onClose={() => setBatchOpen(false)} />
    </>
  );
}
