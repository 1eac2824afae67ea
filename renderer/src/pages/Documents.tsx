// 文书生成: a feedback letter per unit, and the register of documents issued.
import { useMemo, useState } from 'react';
import { App, Button, Modal, Progress, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { FileDoneOutlined, FileTextOutlined, NotificationOutlined } from '@ant-design/icons';
import type { DocumentRow, ResultRow, Unit } from '../../../shared/ipc/contract.ts';
import { call, errorMessage, refreshAll, useQuery } from '../api.ts';
import { EditButton, LockBanner } from '../lock.tsx';
import { GradeTag, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { docKindLabel, fmtDateTime, fmtNum } from '../format.ts';

interface UnitRow {
  unit: Unit;
  result: ResultRow | undefined;
  lastLetter: DocumentRow | undefined;
  decimals: number;
}

export function DocumentsPage() {
  const { cycle } = useAppState();
  const { notification, modal } = App.useApp();
  const cats = useCategories();
  const [filter, setFilter] = useState<number | undefined>(undefined);
  const units = useQuery('listUnits', { cycleId: cycle.id });
  const results = useQuery('listResults', { cycleId: cycle.id });
  const docs = useQuery('listDocuments', { cycleId: cycle.id });
  const [busyUnit, setBusyUnit] = useState<number | null>(null);
  const [batch, setBatch] = useState<{ done: number; total: number; failed: string[]; current: string } | null>(null);

  const rows = useMemo<UnitRow[]>(() => {
    const catOrder = new Map(cats.categories.map((c) => [c.id, c]));
    const byKey = new Map((results.data ?? []).map((r) => [r.subjectKey, r]));
    const lastLetter = new Map<number, DocumentRow>();
    for (const doc of docs.data ?? []) {
      if (doc.kind !== 'feedback' || doc.unitId === null) continue;
      const prev = lastLetter.get(doc.unitId);
      if (!prev || prev.issuedAt < doc.issuedAt) lastLetter.set(doc.unitId, doc);
    }
    return (units.data ?? [])
      .filter((u) => !filter || u.categoryId === filter)
      .sort((a, b) => (catOrder.get(a.categoryId)?.sortOrder ?? 0) - (catOrder.get(b.categoryId)?.sortOrder ?? 0) || a.sortOrder - b.sortOrder || a.id - b.id)
      .map((u) => ({ unit: u, result: byKey.get(`unit:${u.id}`), lastLetter: lastLetter.get(u.id), decimals: catOrder.get(u.categoryId)?.settings.decimals ?? 2 }));
  }, [units.data, results.data, docs.data, cats.categories, filter]);

  const generate = async (u: Unit) => {
    setBusyUnit(u.id);
    try {
      const doc = await call('generateFeedbackLetter', { cycleId: cycle.id, unitId: u.id });
      notification.success({
        title: `已生成“${u.name}”的反馈函`,
        description: (
          <div>
            <div>{doc.docNumber ? `文号：${doc.docNumber}` : doc.title}</div>
            <div style={{ marginTop: 4 }}>
              保存位置：
              <Typography.Text copyable={{ text: doc.filePath, tooltips: ['复制路径', '已复制'] }} data-testid="generated-path" style={{ wordBreak: 'break-all' }}>
                {doc.filePath}
              </Typography.Text>
            </div>
          </div>
        ),
        duration: 8,
        placement: 'bottomRight',
      });
    } catch (e) {
      modal.error({ title: `“${u.name}”的反馈函未能生成`, content: errorMessage(e), okText: '知道了' });
    } finally {
      setBusyUnit(null);
    }
  };

  const generateAll = () => {
    const list = rows.filter((r) => r.result).map((r) => r.unit);
    if (list.length === 0) return;
    modal.confirm({
      title: `为 ${list.length} 个单位生成反馈函？`,
      content: '已生成过的单位将再生成一份新的，并登记在文书登记簿中。',
      okText: '开始生成',
      cancelText: '取消',
      onOk: () => {
        void runBatch(list);
      },
    });
  };

  const runBatch = async (list: Unit[]) => {
        const failed: string[] = [];
        for (let i = 0; i < list.length; i++) {
          const u = list[i]!;
          setBatch({ done: i, total: list.length, failed: [...failed], current: u.name });
          try {
            // one refresh of the screens after the batch, not one per letter
            await call('generateFeedbackLetter', { cycleId: cycle.id, unitId: u.id }, { refresh: false });
          } catch (e) {
            failed.push(`${u.name}：${errorMessage(e)}`);
          }
        }
        setBatch({ done: list.length, total: list.length, failed, current: '' });
        await refreshAll();
  };

  const hasResults = (results.data?.length ?? 0) > 0;

  return (
    <>
      <PageHeader
        title="文书生成"
        subtitle="为每个单位生成考核反馈函（Word 文档），生成的文书登记在下方登记簿中。"
        extra={
          <>
            <Tooltip title="后续版本提供">
              <Button icon={<NotificationOutlined />} disabled data-testid="btn-result-notice">
                生成结果通报
              </Button>
            </Tooltip>
            <EditButton scope="documents" testId="btn-generate-all" icon={<FileDoneOutlined />} disabled={!hasResults || rows.length === 0} onClick={generateAll}>
              批量生成反馈函
            </EditButton>
          </>
        }
      />
      <LockBanner scope="documents" />
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
        {!hasResults && !results.loading ? (
          <Typography.Paragraph type="warning">尚未计算考核结果，反馈函中的得分、排名和等次需要先到“计算排名”中计算。</Typography.Paragraph>
        ) : null}
        <Table<UnitRow>
          size="small"
          rowKey={(r) => r.unit.id}
          loading={units.loading && !units.data}
          dataSource={rows}
          pagination={rows.length > 15 ? { pageSize: 15, showSizeChanger: false, showTotal: (t) => `共 ${t} 个单位` } : false}
          data-testid="feedback-table"
          columns={[
            { title: '序号', key: 'i', width: 60, align: 'right', render: (_v, _r, i) => i + 1 },
            { title: '单位', key: 'name', render: (_v, r) => r.unit.name, ellipsis: true },
            { title: '考核类别', key: 'cat', width: 160, render: (_v, r) => r.unit.categoryName, ellipsis: true },
            { title: '总分', key: 'total', width: 84, align: 'right', render: (_v, r) => <span className="table-num">{r.result ? fmtNum(r.result.total, r.decimals) : '—'}</span> },
            { title: '排名', key: 'rank', width: 76, align: 'right', render: (_v, r) => (r.result ? `${r.result.rank}/${r.result.rankOf}` : '—') },
            { title: '等次', key: 'grade', width: 96, render: (_v, r) => (r.result ? <GradeTag grade={r.result.finalGrade} /> : '—') },
            {
              title: '反馈函',
              key: 'letter',
              width: 150,
              render: (_v, r) =>
                r.lastLetter ? (
                  <Tooltip title={r.lastLetter.filePath}>
                    <Tag color="green">已生成 {fmtDateTime(r.lastLetter.issuedAt).slice(5)}</Tag>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">未生成</Typography.Text>
                ),
            },
            {
              title: '操作',
              key: 'op',
              width: 120,
              align: 'center',
              render: (_v, r) => (
                <EditButton
                  scope="documents"
                  testId={`btn-generate-feedback-${r.unit.id}`}
                  type="link"
                  size="small"
                  icon={<FileTextOutlined />}
                  loading={busyUnit === r.unit.id}
                  disabled={busyUnit !== null && busyUnit !== r.unit.id}
                  onClick={() => void generate(r.unit)}
                >
                  生成反馈函
                </EditButton>
              ),
            },
          ]}
        />
      </div>
      <div className="panel">
        <div className="panel-title">
          <span>文书登记簿</span>
          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
            共 {docs.data?.length ?? 0} 份
          </Typography.Text>
        </div>
        <Table<DocumentRow>
          size="small"
          rowKey="id"
          loading={docs.loading && !docs.data}
          dataSource={[...(docs.data ?? [])].sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : b.id - a.id))}
          pagination={(docs.data?.length ?? 0) > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          data-testid="documents-table"
          locale={{ emptyText: '还没有生成文书' }}
          columns={[
            { title: '文号', dataIndex: 'docNumber', width: 180, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v || '—'}</span> },
            { title: '标题', dataIndex: 'title', ellipsis: true },
            { title: '类型', dataIndex: 'kind', width: 84, render: (k: string) => <Tag>{docKindLabel(k)}</Tag> },
            { title: '单位', dataIndex: 'unitName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
            {
              title: '文件',
              dataIndex: 'fileName',
              width: 260,
              ellipsis: true,
              render: (v: string, r) => (
                <Typography.Text copyable={{ text: r.filePath, tooltips: ['复制完整路径', '已复制'] }} ellipsis={{ tooltip: r.filePath }} style={{ maxWidth: 230 }}>
                  {v}
                </Typography.Text>
              ),
            },
            { title: '生成时间', dataIndex: 'issuedAt', width: 140, render: (v: string) => fmtDateTime(v) },
          ]}
        />
      </div>
      <Modal
        open={batch !== null}
        title="批量生成反馈函"
        closable={batch !== null && batch.done === batch.total}
        mask={{ closable: false }}
        footer={
          batch && batch.done === batch.total ? (
            <Button type="primary" onClick={() => setBatch(null)}>
              完成
            </Button>
          ) : null
        }
        onCancel={() => setBatch(null)}
      >
        {batch ? (
          <>
            <Progress percent={Math.round((batch.done / batch.total) * 100)} status={batch.done === batch.total ? (batch.failed.length ? 'exception' : 'success') : 'active'} />
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {batch.done < batch.total ? `正在生成：${batch.current}（${batch.done + 1}/${batch.total}）` : `已完成 ${batch.total - batch.failed.length} 份${batch.failed.length ? `，${batch.failed.length} 份失败` : ''}。`}
            </Typography.Paragraph>
            {batch.failed.length > 0 ? (
              <ul style={{ paddingLeft: 18, color: '#c8322f' }}>
                {batch.failed.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </Modal>
    </>
  );
}
