// 考核方案: categories, their components and weights, grading settings.
import { useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { DiffOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { SubjectKind } from '../../../shared/domain.ts';
import type { Category } from '../../../shared/ipc/contract.ts';
import { useAction } from '../api.ts';
import { EditButton, LockBanner } from '../lock.tsx';
import { FocusBanner, PageHeader, QueryError, SaveModal, useCategories } from '../components/common.tsx';
import { ComponentsCard } from '../components/plan/ComponentsCard.tsx';
import { SettingsCard } from '../components/plan/SettingsCard.tsx';
import { CycleDetailsModal } from '../components/cycles/CycleDetailsModal.tsx';
import { CycleDiffModal } from '../components/cycles/CycleDiffModal.tsx';
import { useAppState } from '../context.ts';
import { fmtPlain } from '../format.ts';

const KIND_LABEL: Record<SubjectKind, string> = { unit: '单位', cadre: '干部' };

// ---- new / edit category ------------------------------------------------------

interface CategoryValues {
  name: string;
  kind: SubjectKind;
  difficulty: number;
}

function CategoryModal({ open, editing, onClose, onSaved }: { open: boolean; editing: Category | null; onClose: () => void; onSaved: (c: Category) => void }) {
  const { cycle } = useAppState();
  const [form] = Form.useForm<CategoryValues>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const saved = editing
      ? await run('updateCategory', { id: editing.id, name: v.name.trim(), difficulty: v.difficulty }, { success: '类别已保存' })
      : await run('createCategory', { cycleId: cycle.id, name: v.name.trim(), kind: v.kind, difficulty: v.difficulty }, { success: `已新增类别“${v.name.trim()}”` });
    setBusy(false);
    if (saved) onSaved(saved);
  };
  return (
    <SaveModal
      title={editing ? '编辑考核类别' : '新增考核类别'}
      open={open}
      onCancel={onClose}
      onSave={() => void submit()}
      confirmLoading={busy}
      okTestId="category-ok"
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { name: editing.name, kind: editing.kind, difficulty: editing.difficulty } : { kind: 'unit', difficulty: 1 }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写类别名称' }, { max: 100 }]}>
          <Input placeholder="例如：一类乡镇（街道）" data-testid="category-name" />
        </Form.Item>
        <Form.Item name="kind" label="类型" extra={editing ? '类别建立后类型不能更改。' : '单位类别考核领导班子，干部类别考核领导干部个人。'}>
          <Radio.Group disabled={!!editing} data-testid="category-kind">
            <Radio.Button value="unit">单位（领导班子）</Radio.Button>
            <Radio.Button value="cadre">干部（个人）</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="difficulty" label="难度系数" rules={[{ required: true, message: '请填写难度系数' }]} extra="用于勾选了“乘难度系数”的考核构成，一般为 1。">
          <InputNumber min={0.01} max={5} step={0.01} precision={2} style={{ width: 160 }} data-testid="category-difficulty" />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

// ---- the screen ---------------------------------------------------------------

export function PlanPage() {
  const { focus, clearFocus, cycle, cycles } = useAppState();
  // the year's details (name, year, organ) and the diff against another year's indicators
  const [cycleModal, setCycleModal] = useState<'details' | 'diff' | null>(null);
  const cats = useCategories();
  // a deep link (from a check on the weights): the category is chosen by the shell; the banner says why
  const [landing, setLanding] = useState(() => focus);
  useEffect(() => {
    if (focus) clearFocus();
  }, [focus, clearFocus]);
  const select = (id: number) => {
    cats.select(id);
    if (id !== landing?.categoryId) setLanding(null);
  };
  const [modal, setModal] = useState<{ open: boolean; editing: Category | null }>({ open: false, editing: null });
  const sel = cats.selected;

  return (
    <>
      <PageHeader
        title="考核方案"
        subtitle={
          <>
            按类别设置考核构成、权重和等次评定规则；单位只在本类别内排名和评定。
            <span style={{ marginInlineStart: 12 }} data-testid="cycle-details">
              {cycle.year}年 · 考核机关：<span data-testid="cycle-organ">{cycle.organ || '未填写'}</span>
            </span>
          </>
        }
        extra={
          <>
            <EditButton scope="plan" testId="btn-edit-cycle" icon={<EditOutlined />} onClick={() => setCycleModal('details')}>
              年度信息
            </EditButton>
            <Button icon={<DiffOutlined />} onClick={() => setCycleModal('diff')} disabled={cycles.length < 2} data-testid="btn-cycle-diff">
              与上一年度对比
            </Button>
          </>
        }
      />
      <LockBanner scope="plan" />
      <QueryError error={cats.error} onRetry={cats.reload} />
      <Row gutter={12} style={{ flex: 1, minHeight: 0 }} wrap={false}>
        <Col flex="260px">
          <Card
            size="small"
            title="考核类别"
            extra={
              <EditButton scope="plan" testId="btn-new-category" size="small" type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, editing: null })}>
                新增类别
              </EditButton>
            }
            styles={{ body: { padding: 6 } }}
          >
            {cats.loading && cats.categories.length === 0 ? (
              <Skeleton active paragraph={{ rows: 4 }} />
            ) : cats.categories.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有考核类别" />
            ) : (
              <div className="cat-list" data-testid="category-list">
                {cats.categories.map((c) => (
                  <div
                    key={c.id}
                    className={`cat-item ${sel?.id === c.id ? 'cat-item-active' : ''}`}
                    onClick={() => select(c.id)}
                    data-testid={`category-item-${c.id}`}
                    role="button"
                    tabIndex={0}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') select(c.id);
                    }}
                  >
                    <div className="cat-item-name">{c.name}</div>
                    <div className="cat-item-meta">
                      <Tag color={c.kind === 'unit' ? 'geekblue' : 'purple'} style={{ marginInlineEnd: 6 }}>
                        {KIND_LABEL[c.kind]}
                      </Tag>
                      {c.memberCount} {c.kind === 'unit' ? '个单位' : '名干部'} · 难度 {fmtPlain(c.difficulty)}
                    </div>
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {sel ? (
            <>
              {landing && landing.categoryId === sel.id ? <FocusBanner focus={landing} onClose={() => setLanding(null)} /> : null}
              <div className="panel-title" style={{ marginBottom: 10 }}>
                <Space>
                  <Typography.Title level={5} style={{ margin: 0 }}>
                    {sel.name}
                  </Typography.Title>
                  <Tag>{KIND_LABEL[sel.kind]}类别</Tag>
                  <Typography.Text type="secondary">难度系数 {fmtPlain(sel.difficulty)}</Typography.Text>
                </Space>
                <EditButton scope="plan" testId="btn-edit-category" size="small" icon={<EditOutlined />} onClick={() => setModal({ open: true, editing: sel })}>
                  编辑类别
                </EditButton>
              </div>
              <ComponentsCard key={`c${sel.id}`} category={sel} />
              <SettingsCard key={`s${sel.id}:${JSON.stringify(sel.settings)}`} category={sel} />
            </>
          ) : cats.loading ? null : (
            <Card>
              <Empty description="请先新增一个考核类别，例如“一类乡镇”。" />
            </Card>
          )}
        </Col>
      </Row>
      <CycleDetailsModal key={cycleModal === 'details' ? `d${cycle.id}` : 'closed'} cycle={cycle} open={cycleModal === 'details'} onClose={() => setCycleModal(null)} />
      <CycleDiffModal key={`diff${cycle.id}`} cycle={cycle} cycles={cycles} open={cycleModal === 'diff'} onClose={() => setCycleModal(null)} />
      <CategoryModal
        key={modal.open ? (modal.editing?.id ?? 'new') : 'closed'}
        open={modal.open}
        editing={modal.editing}
        onClose={() => setModal({ open: false, editing: null })}
        onSaved={(c) => {
          setModal({ open: false, editing: null });
          cats.select(c.id);
        }}
      />
    </>
  );
}
