// Roles and permissions (issue 9, 三员分立): three administrators whose
// duties are kept apart, and the business roles. The main process checks a
// permission for every channel (electron/core/security/permissions.ts); the
// renderer reads the same table to show only what a user may do.

export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
export const BUSINESS_ROLES = ['operator', 'reviewer', 'viewer'] as const;
export const ROLES = [...ADMIN_ROLES, ...BUSINESS_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全保密管理员',
  auditor: '安全审计员',
  operator: '业务操作员',
  reviewer: '审核人',
  viewer: '查阅人',
};

export const PERMISSIONS = ['read', 'edit', 'review', 'exchange', 'accounts', 'settings', 'backup', 'roles', 'policy', 'unlock', 'audit'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
  read: '查阅考核数据',
  edit: '编辑考核数据',
  review: '审核等次与发布',
  exchange: '导出、导入数据交换包',
  accounts: '管理账号',
  settings: '系统设置',
  backup: '备份与恢复',
  roles: '分配角色',
  policy: '设置密码策略',
  unlock: '解锁账号、重置密码',
  audit: '查阅、导出审计记录',
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  sysadmin: ['accounts', 'settings', 'backup'],
  secadmin: ['roles', 'policy', 'unlock'],
  auditor: ['audit'],
  operator: ['read', 'edit', 'exchange'],
  reviewer: ['read', 'review'],
  viewer: ['read'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) out.add(p);
  return PERMISSIONS.filter((p) => out.has(p));
}

/** 三员分立: no account holds two of the three administrator roles. */
export function separationProblem(roles: readonly Role[]): string | null {
  const admins = roles.filter((r) => (ADMIN_ROLES as readonly string[]).includes(r));
  if (admins.length > 1) return `同一账号不能同时担任${admins.map((r) => ROLE_LABELS[r]).join('和')}（三员分立）。`;
  return null;
}

export interface PasswordPolicy {
  minLength: number;
  /** how many of: lower case, upper case, digits, other characters */
  minClasses: number;
  /** days until a password must be changed; 0: never */
  expiryDays: number;
  /** the last N passwords may not be used again */
  historyCount: number;
  /** failed logins in a row before the account is locked */
  maxFailures: number;
  lockMinutes: number;
  /** a session without a call for this long is closed (auto-lock) */
  idleMinutes: number;
}

export const DEFAULT_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3, expiryDays: 90, historyCount: 5, maxFailures: 5, lockMinutes: 30, idleMinutes: 15 };

/** The policy's objections to a password, in Chinese; empty when it passes. */
export function passwordProblems(pw: string, policy: PasswordPolicy, login?: string): string[] {
  const out: string[] = [];
  if ([...pw].length < policy.minLength) out.push(`至少 ${policy.minLength} 个字符`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length;
  if (classes < policy.minClasses) out.push(`至少包含小写字母、大写字母、数字、其他符号中的 ${policy.minClasses} 类`);
  if (login && login.length >= 3 && pw.toLowerCase().includes(login.toLowerCase())) out.push('不能包含账号名');
  return out;
}
