// Problems of an imported plan: each names where it is (a JSON path such as
// `units[3].category`, or, for a workbook, the sheet, row and column) and
// what is wrong, in Chinese. Zod's issues are translated here too.
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

export type PathKey = string | number;

export interface Problem {
  path: PathKey[];
  message: string;
}

/** Turns a path into where the problem is for the reader (a workbook gives sheet, row and column). */
export type Locator = (path: PathKey[]) => string | undefined;

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `units[3].category`, `scores.XZ01["1.2"]`, `ballots[0].votes["差"]` */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (IDENT.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out === '' ? '（文件顶层）' : out;
}

export function describeProblem(p: Problem, locate?: Locator): string {
  const where = locate?.(p.path) ?? formatPath(p.path);
  return `${where}：${p.message}`;
}

const MAX_LISTED = 30;

/** A plan that cannot be imported: every problem found, nothing written. */
export class PlanImportError extends AppError {
  readonly problems: string[];
  constructor(headline: string, problems: string[]) {
    const listed = problems.slice(0, MAX_LISTED);
    const more = problems.length > MAX_LISTED ? `\n……另有 ${problems.length - MAX_LISTED} 处问题` : '';
    super('invalid_plan', `${headline}\n${listed.map((p) => `  ${p}`).join('\n')}${more}`);
    this.problems = problems;
  }
}

// ---- zod issues in Chinese ------------------------------------------------------------------------

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文字',
  boolean: '是否（true/false）',
  object: '对象 { … }',
  array: '列表 [ … ]',
  null: 'null',
  undefined: '空',
  record: '对象 { … }',
  literal: '固定值',
};

function received(input: unknown): string {
  if (input === undefined) return '未填写';
  if (input === null) return 'null';
  if (Array.isArray(input)) return '列表';
  if (typeof input === 'string') return `文字“${input.length > 20 ? `${input.slice(0, 20)}…` : input}”`;
  if (typeof input === 'number') return `数字 ${input}`;
  if (typeof input === 'boolean') return String(input);
  return '对象';
}

const zhCN = z.locales.zhCN().localeError;

type Issue = Parameters<z.core.$ZodErrorMap>[0];

export const planErrorMap: z.core.$ZodErrorMap = (iss: Issue) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '缺少此项（必填）';
      return `应为${TYPE_NAMES[iss.expected] ?? iss.expected}，实际是${received(iss.input)}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`;
      if (iss.origin === 'array') return `至少需要 ${min} 项`;
      return iss.inclusive ? `不能小于 ${min}（实际是 ${String(iss.input)}）` : `应大于 ${min}（实际是 ${String(iss.input)}）`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return `不能超过 ${max} 个字`;
      if (iss.origin === 'array') return `最多 ${max} 项`;
      return iss.inclusive ? `不能大于 ${max}（实际是 ${String(iss.input)}）` : `应小于 ${max}（实际是 ${String(iss.input)}）`;
    }
    case 'invalid_value':
      return `应为 ${iss.values.map((v) => JSON.stringify(v)).join('、')} 之一，实际是${received(iss.input)}`;
    case 'unrecognized_keys':
      return `不认识的字段 ${iss.keys.map((k) => `“${k}”`).join('、')}（字段名区分大小写，请对照 docs/plan-format.md）`;
    case 'invalid_union': {
      const input = iss.input as Record<string, unknown> | undefined;
      if (iss.note === 'No matching discriminator' && input && typeof input === 'object') {
        return `type 为 ${received(input.type)}，不是可用的计分方法（direct、completion、ratioToBest、rank、steps、bands、interpolation、letter、deduction）`;
      }
      return `内容的形式不对（实际是${received(iss.input)}）`;
    }
    case 'invalid_format':
      return iss.message ?? '格式不对';
    default:
      return zhCN(iss);
  }
};

/** Zod issues as problems; the path names the indicator where it is one. */
export function zodProblems(error: z.ZodError, input: unknown): Problem[] {
  return error.issues.map((iss) => {
    const path = iss.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
    let message = iss.message;
    // inside the indicator tree: name the indicator, the path alone is long
    const idx = path.lastIndexOf('indicators') >= 0 || path.lastIndexOf('children') >= 0 ? nearestNamed(input, path) : null;
    if (idx) message = `（指标“${idx}”）${message}`;
    return { path, message };
  });
}

function nearestNamed(input: unknown, path: PathKey[]): string | null {
  let node: unknown = input;
  let found: string | null = null;
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<PathKey, unknown>)[path[i]!];
    const parentKey = path[i - 1];
    if ((parentKey === 'indicators' || parentKey === 'children') && node && typeof node === 'object' && typeof (node as { name?: unknown }).name === 'string') {
      found = (node as { name: string }).name;
    }
  }
  return found;
}
