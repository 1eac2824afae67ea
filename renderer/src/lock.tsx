// What the year's state lets change (shared/lifecycle.ts): the screens ask
// here and disable what it forbids, saying why. The server enforces the same
// table; this only keeps users from trying.
import type { ReactNode } from 'react';
import { Alert, Button, Tooltip, type ButtonProps } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { CYCLE_ALLOWS, WRITE_SCOPE_LABELS, cycleAllows, lockedMessage, type WriteScope } from '../../shared/lifecycle.ts';
import { CYCLE_STATUS_LABELS, type CycleStatus } from '../../shared/domain.ts';
import { useAppState } from './context.ts';
import { useSession } from './auth/session.ts';
import { PERMISSION_LABELS, type Permission } from '../../shared/security.ts';

export interface Lock {
  locked: boolean;
  /** why, when locked: the same sentence the server answers with */
  reason: string | null;
}

/** The permission a scope's writes need (shared/security.ts; the server checks the same per channel). */
const SCOPE_PERMISSION: Record<WriteScope, Permission> = { plan: 'edit', data: 'edit', compute: 'edit', adjust: 'review', documents: 'edit', rectification: 'edit' };

export function useLock(scope: WriteScope): Lock {
  const { cycle } = useAppState();
  const { can } = useSession();
  const need = SCOPE_PERMISSION[scope];
  if (!can(need)) return { locked: true, reason: `当前账号没有“${PERMISSION_LABELS[need]}”的权限。` };
  const locked = !cycleAllows(cycle.status, scope);
  return { locked, reason: locked ? lockedMessage(cycle.name, cycle.status, scope) : null };
}

/** What a state allows, in a sentence (for the lock in the header). */
export function allowsSentence(status: CycleStatus): string {
  const allowed = CYCLE_ALLOWS[status];
  return allowed.length === 0
    ? `“${CYCLE_STATUS_LABELS[status]}”的考核年度只能查看。`
    : `“${CYCLE_STATUS_LABELS[status]}”阶段只能修改${allowed.map((s) => WRITE_SCOPE_LABELS[s]).join('、')}。`;
}

/**
 * A button that edits: disabled with the reason as its tooltip when the
 * year's state forbids its scope. It keeps its data-testid and carries
 * data-locked="true" then, so tests find it either way.
 */
export function EditButton({ scope, testId, children, disabled, ...rest }: Omit<ButtonProps, 'data-testid'> & { scope: WriteScope; testId: string; children?: ReactNode }) {
  const lock = useLock(scope);
  if (!lock.locked) {
    return (
      <Button {...rest} disabled={disabled} data-testid={testId}>
        {children}
      </Button>
    );
  }
  return (
    <Tooltip title={lock.reason}>
      {/* a disabled button gets no pointer events: the wrapper carries the tooltip */}
      <span className="locked-wrap" data-testid={`locked-${testId}`}>
        <Button {...rest} onClick={undefined} disabled data-testid={testId} data-locked="true">
          {children}
        </Button>
      </span>
    </Tooltip>
  );
}

/** Above a screen whose edits the year's state forbids: the lock and why. */
export function LockBanner({ scope }: { scope: WriteScope }) {
  const lock = useLock(scope);
  if (!lock.locked) return null;
  return <Alert type="info" showIcon icon={<LockOutlined />} style={{ marginBottom: 10 }} title={lock.reason} data-testid={`lock-banner-${scope}`} />;
}
