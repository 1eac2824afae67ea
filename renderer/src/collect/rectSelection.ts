// A rectangle of cells in an AG Grid Community grid (which has no range
// selection): the focused cell is the anchor; Shift+click or Shift+arrow
// moves the other corner. Cells inside carry the class `cell-selected`.
import { useCallback, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { AgGridReact } from 'ag-grid-react';
import type { CellFocusedEvent, GridApi } from 'ag-grid-community';

export interface Corner {
  row: number;
  colId: string;
}

export interface Rect {
  rows: [number, number];
  /** the displayed columns inside, left to right */
  colIds: string[];
}

export function useRectSelection<T>(gridRef: RefObject<AgGridReact<T> | null>, selectable: (colId: string) => boolean) {
  const anchor = useRef<Corner | null>(null);
  const end = useRef<Corner | null>(null);
  const shift = useRef(false);
  const inRect = useRef<{ rows: [number, number]; cols: Set<string> } | null>(null);
  const [version, setVersion] = useState(0);

  const recompute = useCallback(
    (api: GridApi<T>) => {
      const a = anchor.current;
      const b = end.current;
      if (!a || !b || (a.row === b.row && a.colId === b.colId)) {
        inRect.current = null;
      } else {
        const cols = api.getAllDisplayedColumns().map((c) => c.getColId());
        const i = cols.indexOf(a.colId);
        const j = cols.indexOf(b.colId);
        const [lo, hi] = i <= j ? [i, j] : [j, i];
        inRect.current = { rows: [Math.min(a.row, b.row), Math.max(a.row, b.row)], cols: new Set(cols.slice(lo, hi + 1).filter(selectable)) };
      }
      setVersion((v) => v + 1);
      api.refreshCells({ force: true });
    },
    [selectable],
  );

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<T>) => {
      if (e.rowIndex === null || e.rowPinned || !e.column || typeof e.column === 'string') return;
      const here = { row: e.rowIndex, colId: e.column.getColId() };
      if (!selectable(here.colId)) return;
      if (shift.current && anchor.current) end.current = here;
      else {
        anchor.current = here;
        end.current = here;
      }
      recompute(e.api);
    },
    [recompute, selectable],
  );

  // whether Shift is held when the focus moves (by click or by arrow key)
  const onMouseDownCapture = useCallback((e: MouseEvent) => {
    shift.current = e.shiftKey;
  }, []);
  const onKeyDownCapture = useCallback((e: KeyboardEvent) => {
    shift.current = e.shiftKey;
  }, []);

  const isSelected = useCallback((row: number | null | undefined, colId: string) => {
    const r = inRect.current;
    return !!r && row !== null && row !== undefined && row >= r.rows[0] && row <= r.rows[1] && r.cols.has(colId);
  }, []);

  /** The selected rectangle, or the focused cell alone. */
  const rect = useCallback((): Rect | null => {
    const api = gridRef.current?.api;
    if (!api) return null;
    if (inRect.current) {
      const cols = api.getAllDisplayedColumns().map((c) => c.getColId());
      return { rows: inRect.current.rows, colIds: cols.filter((c) => inRect.current!.cols.has(c)) };
    }
    const f = api.getFocusedCell();
    if (!f || f.rowPinned || !selectable(f.column.getColId())) return null;
    return { rows: [f.rowIndex, f.rowIndex], colIds: [f.column.getColId()] };
  }, [gridRef, selectable]);

  const clear = useCallback(() => {
    anchor.current = null;
    end.current = null;
    if (inRect.current && gridRef.current?.api) recompute(gridRef.current.api);
  }, [gridRef, recompute]);

  return { onCellFocused, onMouseDownCapture, onKeyDownCapture, isSelected, rect, clear, version };
}
