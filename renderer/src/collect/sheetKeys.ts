// Spreadsheet keys for an AG Grid Community grid, on top of a rectangle
// selection (rectSelection.ts) and an undoable edit list (sheetEdits.ts):
// Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) undo and redo, Ctrl+C copies the
// rectangle as tab-separated text, Ctrl+V pastes a block from the focused
// cell (a single value fills the whole rectangle), Ctrl+D fills the top row
// of the rectangle down, Delete clears the rectangle. Each is one step.
// While a cell is being edited the editor keeps its own keys.
import { useCallback, useEffect, type ClipboardEvent, type KeyboardEvent, type RefObject } from 'react';
import type { AgGridReact } from 'ag-grid-react';
import type { Rect } from './rectSelection.ts';
import { parseClipboard, toClipboard } from './download.ts';

export interface SheetWrite<T> {
  row: T;
  colId: string;
  raw: string;
}

export interface SheetKeysOptions<T> {
  gridRef: RefObject<AgGridReact<T> | null>;
  rect: () => Rect | null;
  /** whether the row takes edits (not a pinned total row) */
  editableRow: (row: T) => boolean;
  locked: boolean;
  read: (row: T, colId: string) => string;
  /** one undoable step; returns how many cells were taken and how many are bad */
  write: (cells: SheetWrite<T>[]) => { taken: number; bad: number };
  undo: () => boolean;
  redo: () => boolean;
  /** what to tell the user (e.g. antd message) */
  notify: (kind: 'info' | 'warning', text: string) => void;
  /** columns that take values, in display order */
  columns: () => string[];
}

export function useSheetKeys<T>(o: SheetKeysOptions<T>) {
  const { gridRef, rect, editableRow, locked, read, write, undo, redo, notify, columns } = o;

  const editing = useCallback(() => (gridRef.current?.api.getEditingCells().length ?? 0) > 0, [gridRef]);

  const rowAt = useCallback(
    (i: number): T | null => {
      const node = gridRef.current?.api.getDisplayedRowAtIndex(i);
      return node?.data && !node.rowPinned && editableRow(node.data) ? node.data : null;
    },
    [gridRef, editableRow],
  );

  const report = useCallback(
    (what: string, r: { taken: number; bad: number }) => {
      if (r.taken === 0) return;
      if (r.bad > 0) notify('warning', `${what} ${r.taken} 个单元格，其中 ${r.bad} 个有误（标为红色），请改正`);
      else notify('info', `${what} ${r.taken} 个单元格，可按 Ctrl+Z 撤销`);
    },
    [notify],
  );

  const fillDown = useCallback(() => {
    const r = rect();
    if (!r) return;
    if (r.rows[0] === r.rows[1]) {
      notify('info', '请先按住 Shift 点击（或按 Shift+方向键）选择要向下填充的区域，再按 Ctrl+D');
      return;
    }
    const top = rowAt(r.rows[0]);
    if (!top) return;
    const cells: SheetWrite<T>[] = [];
    for (let i = r.rows[0] + 1; i <= r.rows[1]; i++) {
      const row = rowAt(i);
      if (row) for (const c of r.colIds) cells.push({ row, colId: c, raw: read(top, c) });
    }
    report('已向下填充', write(cells));
  }, [rect, rowAt, read, write, notify, report]);

  const clearRect = useCallback(() => {
    const r = rect();
    if (!r) return;
    const cells: SheetWrite<T>[] = [];
    for (let i = r.rows[0]; i <= r.rows[1]; i++) {
      const row = rowAt(i);
      if (row) for (const c of r.colIds) cells.push({ row, colId: c, raw: '' });
    }
    report('已清除', write(cells));
  }, [rect, rowAt, write, report]);

  const onKeyDownCapture = useCallback(
    (e: KeyboardEvent) => {
      if (editing()) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (ctrl && ((k === 'z' && e.shiftKey) || k === 'y')) {
        handled();
        if (!locked && !redo()) notify('info', '没有可以恢复的操作');
      } else if (ctrl && k === 'z') {
        handled();
        if (!locked && !undo()) notify('info', '没有可以撤销的操作');
      } else if (ctrl && k === 'd') {
        handled();
        if (!locked) fillDown();
      } else if (!ctrl && (e.key === 'Delete' || e.key === 'Backspace')) {
        const r = rect();
        // one cell: the grid's own Delete (through the value setter) does the same
        if (r && (r.rows[0] !== r.rows[1] || r.colIds.length > 1)) {
          handled();
          if (!locked) clearRect();
        }
      }
    },
    [editing, locked, undo, redo, fillDown, clearRect, rect, notify],
  );

  const onCopy = useCallback(
    (e: ClipboardEvent) => {
      if (editing()) return;
      const r = rect();
      if (!r) return;
      const out: string[][] = [];
      for (let i = r.rows[0]; i <= r.rows[1]; i++) {
        const row = rowAt(i);
        if (row) out.push(r.colIds.map((c) => read(row, c)));
      }
      e.clipboardData.setData('text/plain', toClipboard(out));
      e.preventDefault();
      notify('info', `已复制 ${out.length} 行 × ${r.colIds.length} 列`);
    },
    [editing, rect, rowAt, read, notify],
  );

  const onPaste = useCallback(
    (e: ClipboardEvent) => {
      if (locked || editing()) return;
      const r = rect();
      if (!r) return;
      const text = e.clipboardData.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      const block = parseClipboard(text);
      const cols = columns();
      const start = cols.indexOf(r.colIds[0]!);
      const cells: SheetWrite<T>[] = [];
      if (block.length === 1 && block[0]!.length === 1) {
        // one value: into every selected cell
        for (let i = r.rows[0]; i <= r.rows[1]; i++) {
          const row = rowAt(i);
          if (row) for (const c of r.colIds) cells.push({ row, colId: c, raw: block[0]![0]! });
        }
      } else {
        block.forEach((line, dr) => {
          const row = rowAt(r.rows[0] + dr);
          if (!row) return;
          line.forEach((raw, dc) => {
            const c = cols[start + dc];
            if (c) cells.push({ row, colId: c, raw });
          });
        });
      }
      report('已粘贴', write(cells));
    },
    [locked, editing, rect, columns, rowAt, write, report],
  );

  return { onKeyDownCapture, onCopy, onPaste };
}

/**
 * Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) anywhere on the screen, not only in the
 * grid (after a dialog closed, say) — but never in a text field or a dialog,
 * which have their own undo.
 */
export function useUndoKeys(locked: boolean, undo: () => void, redo: () => void): void {
  useEffect(() => {
    if (locked) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      const k = e.key.toLowerCase();
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || (k !== 'z' && k !== 'y')) return;
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || (t instanceof HTMLElement && (t.isContentEditable || t.closest('.ant-modal')))) return;
      e.preventDefault();
      if (k === 'y' || e.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [locked, undo, redo]);
}
