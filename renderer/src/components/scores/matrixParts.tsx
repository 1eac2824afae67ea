// The parts of the score grid that hold no state: the cell values, how typed
// text is read, the column header, the indicator's ancestors.
import { Tooltip } from 'antd';
import type { IHeaderParams } from 'ag-grid-community';
import type { Indicator, OutputOf } from '../../../../shared/ipc/contract.ts';
import { fmtPlain } from '../../format.ts';
import type { CellVal } from '../../collect/cellRules.ts';

export type { CellVal };

export type Matrix = OutputOf<'getScoreMatrix'>;

export interface MatrixRow {
  key: string;
  seq: number | null;
  name: string;
  code: string;
  pinned: boolean;
  v: Record<number, CellVal | undefined>;
  /** for the pinned summary row: text per column */
  summary?: Record<number, string>;
  dirty: Record<number, true>;
  invalid: Record<number, true>;
  /** what was typed into a bad cell, shown as typed */
  raw: Record<number, string>;
  missing: number;
}

export const cellKey = (subjectKey: string, indicatorId: number) => `${subjectKey}|${indicatorId}`;

export function sameVal(a: CellVal | undefined, b: CellVal | undefined): boolean {
  const av = a?.value ?? null;
  const bv = b?.value ?? null;
  const at = a?.text ?? null;
  const bt = b?.text ?? null;
  return av === bv && at === bt;
}

export function isEmpty(c: CellVal | undefined): boolean {
  return !c || (c.value === null && (c.text === null || c.text === ''));
}

/** Whether an empty cell of this indicator is missing data (as the engine counts it): a 扣分制 leaf is scored from its deductions, so empty means none. */
export function needsEntry(l: Indicator): boolean {
  return l.method?.type !== 'deduction';
}

export function MatrixHeader(p: IHeaderParams & { full: number; method: string; tip: string }) {
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{p.tip}</span>} mouseEnterDelay={0.4}>
      <div className="matrix-header">
        <div className="matrix-header-name">{p.displayName}</div>
        <div className="matrix-header-meta">
          {fmtPlain(p.full)}分 · {p.method}
        </div>
      </div>
    </Tooltip>
  );
}

export function ancestorsOf(ind: Indicator, byId: Map<number, Indicator>): Indicator[] {
  const out: Indicator[] = [];
  for (let p = ind.parentId !== null ? byId.get(ind.parentId) : undefined; p; p = p.parentId !== null ? byId.get(p.parentId) : undefined) out.unshift(p);
  return out;
}
