// Problems of an imported plan: each names where it is (a JSON path such as
// `units[3].category`, or, for a workbook, the sheet, row and column) and
// what is wrong, in Chinese. Zod's issues are translated here too.
import { z } from 'zod';
import { AppError, type ErrorLocation } from '../../../shared/errors.ts';
import { zodChineseMap } from '../zod-chinese.ts';

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
  constructor(headline: string, problems: string[], location?: ErrorLocation) {
    const listed = problems.slice(0, MAX_LISTED);
    const more = problems.length > MAX_LISTED ? `\n……另有 ${problems.length - MAX_LISTED} 处问题` : '';
    super('invalid_plan', `${headline}\n${listed.map((p) => `  ${p}`).join('\n')}${more}`, location);
    this.problems = problems;
  }
}

// zod's issues in Chinese: the one mapping, shared with the IPC boundary
export const planErrorMap = zodChineseMap({ echo: true, unknownKeyHint: '（字段名区分大小写，请对照 docs/plan-format.md）' });

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
