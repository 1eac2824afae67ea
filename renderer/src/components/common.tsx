// Small building blocks shared by the screens.
import { useCallback, type ReactNode } from 'react';
import { Alert, Button, Modal, Segmented, Select, Space, Tag, Typography, type ModalProps } from 'antd';
import { AimOutlined, RollbackOutlined, ReloadOutlined } from '@ant-design/icons';
import { CYCLE_STATUS_LABELS, type CycleStatus } from '../../../shared/domain.ts';
import type { Category } from '../../../shared/ipc/contract.ts';
import { useQuery } from '../api.ts';
import { useAppState } from '../context.ts';
import { gradeColor } from '../format.ts';
import type { NavFocus } from '../nav.ts';

export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle ? <div className="page-header-sub">{subtitle}</div> : null}
      </div>
      {extra ? <Space wrap>{extra}</Space> : null}
    </div>
  );
}

export function QueryError({ error, onRetry }: { error: string | null; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title="数据加载失败"
      description={error}
      style={{ marginBottom: 12 }}
      action={
        onRetry ? (
          <Button size="small" icon={<ReloadOutlined />} onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

const STATUS_COLORS: Record<CycleStatus, string> = {
  draft: 'default',
  collecting: 'processing',
  grading: 'warning',
  published: 'success',
  archived: 'default',
};

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="cycle-status" style={{ marginInlineEnd: 0 }}>
      {CYCLE_STATUS_LABELS[status]}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: string | null | undefined }) {
  if (!grade) return null;
  return (
    <Tag color={gradeColor(grade)} style={{ marginInlineEnd: 0 }}>
      {grade}
    </Tag>
  );
}

/** The cycle's categories, and the one chosen (kept across screens). */
export function useCategories() {
  const { cycle, categoryId, setCategoryId, guarded } = useAppState();
  const q = useQuery('listCategories', { cycleId: cycle.id });
  const categories = q.data ?? [];
  const selected = categories.find((c) => c.id === categoryId) ?? categories[0] ?? null;
  const select = useCallback((id: number) => guarded(() => setCategoryId(id)), [guarded, setCategoryId]);
  return { ...q, categories, selected, select };
}

export function CategoryPicker({ categories, value, onChange }: { categories: Category[]; value: Category | null; onChange: (id: number) => void }) {
  if (categories.length === 0) return null;
  const label = (c: Category) => c.name;
  if (categories.length <= 6) {
    return (
      <Segmented
        data-testid="category-picker"
        value={value?.id}
        onChange={(v) => onChange(Number(v))}
        options={categories.map((c) => ({ value: c.id, label: <span data-testid={`category-option-${c.id}`}>{label(c)}</span> }))}
      />
    );
  }
  return (
    <Select
      data-testid="category-picker"
      style={{ width: 220 }}
      showSearch={{ optionFilterProp: 'label' }}
      virtual={false}
      value={value?.id}
      onChange={(v: number) => onChange(v)}
      options={categories.map((c) => ({ value: c.id, label: label(c) }))}
    />
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}

/**
 * Above the data a deep link opened: why the user is here (e.g. the check's
 * message) and the way back to where they came from.
 */
export function FocusBanner({ focus, onClose }: { focus: NavFocus | null; onClose: () => void }) {
  const { navigate } = useAppState();
  if (!focus?.note) return null;
  const back =
    focus.from === 'results'
      ? { label: '返回数据检查', go: () => navigate('results', { tab: 'checks' }) }
      : focus.from === 'dashboard'
        ? { label: '返回工作台', go: () => navigate('dashboard') }
        : null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<AimOutlined />}
      className="focus-banner"
      data-testid="focus-banner"
      title={
        <span>
          <Typography.Text strong>数据检查：</Typography.Text>
          {focus.note}
        </span>
      }
      action={
        back ? (
          <Button size="small" icon={<RollbackOutlined />} onClick={back.go} data-testid="btn-back-to-checks">
            {back.label}
          </Button>
        ) : undefined
      }
      closable={{ onClose, 'aria-label': '关闭' }}
      style={{ marginBottom: 10 }}
    />
  );
}

/**
 * The dialog every edit form uses: 保存/取消, busy while saving, the form
 * destroyed when closed (so it reopens with the row's values), a test hook
 * on the save button.
 */
export function SaveModal({ okTestId, onSave, ...rest }: Omit<ModalProps, 'onOk' | 'okText' | 'cancelText' | 'destroyOnHidden' | 'okButtonProps'> & { okTestId: string; onSave: () => void }) {
  return <Modal {...rest} onOk={onSave} okText="保存" cancelText="取消" destroyOnHidden okButtonProps={{ 'data-testid': okTestId } as ModalProps['okButtonProps']} />;
}
