// A list the office edits like a spreadsheet (cadres, responsible
// departments): cells edited inline and checked as they are typed or pasted
// (a bad one stays as typed, red, listed with the others, and nothing is
// saved while any remains); 新增 adds a row; a block pasted from Excel past
// the last row adds a row per line; Ctrl+Z / Ctrl+Y undo and redo every edit,
// paste and added row before saving (collect/sheetEdits.ts, the score grid's
// undo); Shift+click selects a rectangle, Ctrl+C copies, Ctrl+D fills down,
// Delete clears (collect/sheetKeys.ts); 删除 first asks the server what goes
// with the rows (dryRun) and says it. Edits are pending (yellow) until 保存.
//
// Every cell holds text: what the user sees and types (a unit's name,
// “正职”); the screen turns the texts of a row into its save request.
import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import { App, Badge, Typography, type ButtonProps } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, SelectionChangedEvent, ValueSetterParams } from 'ag-grid-community';
import { useSheetEdits, type PendingCell } from '../../collect/sheetEdits.ts';
import { useRectSelection } from '../../collect/rectSelection.ts';
import { useSheetKeys, type SheetWrite, useUndoKeys } from '../../collect/sheetKeys.ts';
import { parseClipboard } from '../../collect/download.ts';
import { CellProblems, type CellProblemItem } from '../scores/CellProblems.tsx';
import { ApiError, errorMessage, refreshAll } from '../../api.ts';
import { EditButton, useLock } from '../../lock.tsx';
import { useAppState } from '../../context.ts';
import { Grid } from '../../grid.tsx';
import { SheetLegend, UndoRedoButtons } from '../sheetTools.tsx';

export type Checked = { ok: true; text: string } | { ok: false; message: string };

export interface SheetCol {
  id: string;
  header: string;
  width?: number;
  flex?: number;
  minWidth?: number;
  /** the choices of a select editor (texts); the cell still takes any pasted text and checks it */
  options?: string[];
  /** a column that cannot be edited (shown grey) */
  readOnly?: boolean;
  /** reads an entry: its normal text, or what is wrong with it */
  check: (raw: string) => Checked;
}

export interface SheetRow<S> {
  key: string;
  stored: S | null;
  isNew: boolean;
  /** the texts of the editable columns, as they show */
  text: Record<string, string>;
  error: Record<string, string | undefined>;
  dirty: Record<string, boolean>;
}

export interface RowSheetProps<S> {
  testId: string;
  /** what one row is, for messages: “名干部” → 删除 3 名干部 */
  noun: string;
  measure: string;
  stored: S[] | undefined;
  loading: boolean;
  keyOf: (s: S) => string;
  textOf: (s: S, colId: string) => string;
  cols: SheetCol[];
  /** read-only columns after the editable ones */
  extraCols?: ColDef<SheetRow<S>>[];
  /** the texts a new row starts with */
  defaults?: () => Record<string, string>;
  /** texts that follow from the others when left empty (e.g. a cadre's category from unit and post) */
  complete?: (text: Record<string, string>, isNew: boolean) => Record<string, string>;
  /** which rows are shown (a filter); new rows always are */
  visible?: (s: S) => boolean;
  /** the name of a row in the list of problems */
  rowLabel: (row: SheetRow<S>, index: number) => string;
  /** saves the changed rows in one transaction (without refreshing the screens); a refusal names its rows by index */
  save: (rows: SheetRow<S>[]) => Promise<unknown>;
  /** the request field a refusal names → the column */
  fieldToCol?: (path: string) => string | undefined;
  /** the sentence of what goes with the rows (a dry run) */
  preview: (rows: S[]) => Promise<string>;
  /** deletes them; the sentence of what went */
  remove: (rows: S[]) => Promise<string>;
  toolbar?: ReactNode;
  footnote?: string;
  emptyText: string;
  bottomGap?: number;
}

const NEW = '__new';
const keyOfCell = (rowKey: string, colId: string) => `${rowKey}|${colId}`;
const splitKey = (k: string): [string, string] => {
  const i = k.lastIndexOf('|');
  return [k.slice(0, i), k.slice(i + 1)];
};
const newNo = (rowKey: string) => Number(rowKey.slice(4));

export function RowSheet<S>(p: RowSheetProps<S>) {
  const { testId, noun, measure, stored, keyOf, textOf, cols, complete, visible, rowLabel, fieldToCol, defaults, extraCols } = p;
  const { modal, message } = App.useApp();
  const { setGuard } = useAppState();
  const lock = useLock('plan');
  const locked = lock.locked;
  const edits = useSheetEdits<string>();
  const { pending } = edits;
  const [refused, setRefused] = useState<Map<string, string>>(() => new Map());
  const [saving, setSaving] = useState(false);
  const [selected, setSelected] = useState<SheetRow<S>[]>([]);
  const counter = useRef(0);
  const gridRef = useRef<AgGridReact<SheetRow<S>>>(null);
  const editable = useMemo(() => new Set(cols.filter((c) => !c.readOnly).map((c) => c.id)), [cols]);
  const isEditCol = useCallback((colId: string) => editable.has(colId), [editable]);
  const sel = useRectSelection(gridRef, isEditCol);
  const { isSelected } = sel;
  const colById = useMemo(() => new Map(cols.map((c) => [c.id, c])), [cols]);

  // the rows with their pending cells (every row, also those a filter hides)
  const allRows = useMemo(() => {
    const byRow = new Map<string, Map<string, PendingCell<string>>>();
    for (const [k, v] of pending) {
      const [rk, c] = splitKey(k);
      let m = byRow.get(rk);
      if (!m) byRow.set(rk, (m = new Map()));
      m.set(c, v);
    }
    const build = (key: string, s: S | null): SheetRow<S> => {
      const own = byRow.get(key);
      const isNew = s === null;
      let text: Record<string, string> = {};
      const error: Record<string, string | undefined> = {};
      const dirty: Record<string, boolean> = {};
      for (const c of cols) {
        const pc = own?.get(c.id);
        if (pc) {
          text[c.id] = pc.error ? pc.raw : pc.val;
          if (pc.error) error[c.id] = pc.error;
          dirty[c.id] = true;
        } else {
          text[c.id] = s ? textOf(s, c.id) : '';
          if (isNew) dirty[c.id] = true;
        }
      }
      // texts that follow from the others (checked below like typed ones)
      if (complete) text = complete({ ...text }, isNew);
      if (isNew) {
        for (const c of cols) {
          if (error[c.id] || c.readOnly) continue;
          const r = c.check(text[c.id] ?? '');
          if (!r.ok) error[c.id] = r.message;
        }
      }
      for (const c of cols) {
        const f = refused.get(keyOfCell(key, c.id));
        if (f && !error[c.id]) error[c.id] = f;
      }
      return { key, stored: s, isNew, text, error, dirty };
    };
    const out: SheetRow<S>[] = [];
    for (const s of stored ?? []) out.push(build(keyOf(s), s));
    const newKeys = [...byRow.keys()].filter((k) => k.startsWith('new:') && byRow.get(k)!.has(NEW)).sort((a, b) => newNo(a) - newNo(b));
    for (const k of newKeys) out.push(build(k, null));
    return out;
  }, [pending, stored, cols, textOf, keyOf, complete, refused]);

  const rows = useMemo(() => allRows.filter((r) => r.isNew || !visible || visible(r.stored!)), [allRows, visible]);
  const changed = useMemo(() => allRows.filter((r) => r.isNew || Object.values(r.dirty).some(Boolean)), [allRows]);
  const problems = useMemo<CellProblemItem[]>(() => {
    const out: CellProblemItem[] = [];
    rows.forEach((r, i) => {
      for (const c of cols) {
        const m = r.error[c.id];
        if (m) out.push({ key: keyOfCell(r.key, c.id), subjectName: rowLabel(r, i), indicatorName: c.header, message: m, fromServer: !pending.get(keyOfCell(r.key, c.id))?.error && refused.has(keyOfCell(r.key, c.id)) });
      }
    });
    return out;
  }, [rows, cols, rowLabel, pending, refused]);

  // leaving the screen with unsaved edits asks first
  useEffect(() => {
    setGuard(changed.length > 0 ? () => `有 ${changed.length} 行修改尚未保存，离开后这些修改将丢失。` : null);
    return () => setGuard(null);
  }, [changed.length, setGuard]);

  /** One undoable step: entries into cells of rows shown, and new rows (each a list of cells). */
  const apply = useCallback(
    (cells: SheetWrite<SheetRow<S>>[], added: Record<string, string>[] = []) => {
      const list: { key: string; next: PendingCell<string> | undefined }[] = [];
      let bad = 0;
      let taken = 0;
      const put = (rowKey: string, s: S | null, colId: string, rawIn: unknown) => {
        const c = colById.get(colId);
        if (!c || c.readOnly) return;
        const raw = rawIn === null || rawIn === undefined ? '' : String(rawIn).trim();
        const r = c.check(raw);
        taken++;
        if (!r.ok) bad++;
        const k = keyOfCell(rowKey, colId);
        if (r.ok && s && r.text === textOf(s, colId)) list.push({ key: k, next: undefined });
        else list.push({ key: k, next: r.ok ? { val: r.text, raw, error: null } : { val: '', raw, error: r.message } });
      };
      for (const w of cells) put(w.row.key, w.row.stored, w.colId, w.raw);
      for (const a of added) {
        const rk = `new:${++counter.current}`;
        list.push({ key: keyOfCell(rk, NEW), next: { val: '', raw: '', error: null } });
        const start = { ...(defaults?.() ?? {}), ...a };
        for (const [colId, raw] of Object.entries(start)) if (raw !== '' || colId in a) put(rk, null, colId, raw);
      }
      if (list.length === 0) return { taken: 0, bad: 0 };
      edits.edit(list);
      setRefused((m) => {
        if (!list.some((c) => m.has(c.key))) return m;
        const next = new Map(m);
        for (const c of list) next.delete(c.key);
        return next;
      });
      return { taken, bad };
    },
    [colById, textOf, edits, defaults],
  );

  const displayedEditCols = useCallback(() => (gridRef.current?.api.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter(isEditCol), [isEditCol]);

  const keys = useSheetKeys<SheetRow<S>>({
    gridRef,
    rect: sel.rect,
    editableRow: () => true,
    locked,
    read: (row, colId) => row.text[colId] ?? '',
    write: (cells) => apply(cells),
    undo: edits.undo,
    redo: edits.redo,
    notify: (kind, text) => void message[kind](text),
    columns: displayedEditCols,
  });

  const focusCell = useCallback((index: number, colId: string) => {
    window.setTimeout(() => {
      const api = gridRef.current?.api;
      if (!api || api.isDestroyed()) return;
      api.ensureIndexVisible(index, 'bottom');
      api.setFocusedCell(index, colId);
    }, 60);
  }, []);

  const add = () => {
    apply([], [{}]);
    const first = cols.find((c) => !c.readOnly);
    if (first) focusCell(rows.length, first.id);
  };

  /**
   * A block from Excel: from the focused cell, lines over the rows shown and,
   * past the last row, one new row per line; a single value fills the
   * selected rectangle. One step.
   */
  const onPaste = (e: ClipboardEvent) => {
    if (locked || (gridRef.current?.api.getEditingCells().length ?? 0) > 0) return;
    const api = gridRef.current?.api;
    const data = e.clipboardData.getData('text/plain');
    if (!api || !data) return;
    e.preventDefault();
    let block = parseClipboard(data);
    const editCols = displayedEditCols();
    const r = sel.rect();
    // a header line copied along is not a row
    if (block.length > 1 && editCols.some((c) => colById.get(c)?.header === block[0]![0]?.trim())) block = block.slice(1);
    const cells: SheetWrite<SheetRow<S>>[] = [];
    const added: Record<string, string>[] = [];
    if (r && block.length === 1 && block[0]!.length === 1) {
      for (let i = r.rows[0]; i <= r.rows[1]; i++) {
        const row = api.getDisplayedRowAtIndex(i)?.data;
        if (row) for (const c of r.colIds) cells.push({ row, colId: c, raw: block[0]![0]! });
      }
    } else {
      const start = Math.max(0, r ? editCols.indexOf(r.colIds[0]!) : 0);
      const first = r ? r.rows[0] : api.getDisplayedRowCount();
      block.forEach((line, dr) => {
        const row = api.getDisplayedRowAtIndex(first + dr)?.data;
        if (row) {
          line.forEach((raw, dc) => {
            const c = editCols[start + dc];
            if (c) cells.push({ row, colId: c, raw });
          });
        } else if (line.some((x) => x.trim() !== '')) {
          const a: Record<string, string> = {};
          line.forEach((raw, dc) => {
            const c = editCols[start + dc];
            if (c) a[c] = raw;
          });
          added.push(a);
        }
      });
    }
    const res = apply(cells, added);
    if (res.taken === 0) return;
    const what = added.length > 0 ? `已粘贴，新增 ${added.length} 行，` : '已粘贴 ';
    if (res.bad > 0) void message.warning(`${what}${res.taken} 个单元格中 ${res.bad} 个有误（标为红色），改正前不能保存`);
    else void message.info(`${what}${res.taken} 个单元格，可按 Ctrl+Z 撤销`);
  };

  const { undo, redo } = edits;
  useUndoKeys(locked, undo, redo);

  const discard = () => {
    edits.reset();
    setRefused(new Map());
    sel.clear();
  };

  // one save at a time, and none while its error dialog is open (a second click or Ctrl+S must not stack dialogs)
  const saveBusy = useRef(false);
  const save = async () => {
    if (changed.length === 0 || saving || locked || saveBusy.current) return;
    saveBusy.current = true;
    const release = () => void (saveBusy.current = false);
    gridRef.current?.api.stopEditing();
    const bad = changed.filter((r) => Object.values(r.error).some(Boolean));
    if (bad.length > 0) {
      modal.error({
        title: `${problems.length} 个单元格有误，本次修改均未保存`,
        content: (
          <div data-testid={`${testId}-save-error`}>
            <ul style={{ paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
              {problems.slice(0, 30).map((x) => (
                <li key={x.key}>
                  {x.subjectName} · {x.indicatorName}：{x.message}
                </li>
              ))}
            </ul>
            <Typography.Text type="secondary">请改正标为红色的单元格，或按 Ctrl+Z 撤销、点击“放弃修改”。</Typography.Text>
          </div>
        ),
        okText: '知道了',
        afterClose: release,
      });
      return;
    }
    setSaving(true);
    try {
      // one request, one transaction: every row is saved or none is
      await p.save(changed);
      await refreshAll();
      discard();
      release();
      void message.success(`已保存 ${changed.length} 行`);
    } catch (e) {
      // nothing was saved: the edits stay, the refused cells marked (the server names rows by index and field)
      const loc = e instanceof ApiError ? e.location : undefined;
      const marks = new Map<string, string>();
      if (loc?.kind === 'rows') {
        for (const r of loc.rows) {
          const row = changed[r.index];
          const col = fieldToCol?.(r.field) ?? cols[0]?.id;
          if (row && col) marks.set(keyOfCell(row.key, col), r.message);
        }
      } else if (loc?.kind === 'field') {
        const col = fieldToCol?.(loc.path);
        if (col && changed.length === 1) marks.set(keyOfCell(changed[0]!.key, col), errorMessage(e));
      }
      setRefused(marks);
      modal.error({
        title: '保存失败，修改均未保存',
        content: (
          <div data-testid={`${testId}-save-error`}>
            <p style={{ marginTop: 0 }}>{errorMessage(e)}</p>
            <Typography.Text type="secondary">未保存的修改仍保留在表格中，请改正标为红色的单元格后再保存。</Typography.Text>
          </div>
        ),
        okText: '知道了',
        afterClose: release,
      });
    }
    setSaving(false);
  };

  const remove = async () => {
    const fresh = selected.filter((r) => r.isNew);
    const old = selected.filter((r) => !r.isNew).map((r) => r.stored!);
    const dropFresh = () => {
      if (fresh.length === 0) return;
      const drop = new Set(fresh.map((r) => r.key));
      edits.edit([...pending.keys()].filter((k) => drop.has(splitKey(k)[0])).map((key) => ({ key, next: undefined })));
    };
    if (old.length === 0) {
      dropFresh();
      setSelected([]);
      void message.info(`已移除 ${fresh.length} 行未保存的新增行，可按 Ctrl+Z 撤销`);
      return;
    }
    let sentence: string;
    try {
      sentence = await p.preview(old);
    } catch (e) {
      void message.error(errorMessage(e));
      return;
    }
    modal.confirm({
      title: `删除 ${old.length} ${measure}${noun}？`,
      width: 520,
      content: (
        <div data-testid={`${testId}-delete-preview`}>
          <p style={{ marginTop: 0 }}>{sentence}</p>
          {fresh.length > 0 ? <p>另有 {fresh.length} 行尚未保存的新增行将一并移除。</p> : null}
          <Typography.Text type="danger">删除后无法恢复（删除前的内容记入审计日志）。</Typography.Text>
        </div>
      ),
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': `${testId}-confirm-delete` } as ButtonProps,
      cancelText: '取消',
      onOk: async () => {
        try {
          const done = await p.remove(old);
          dropFresh();
          setSelected([]);
          void message.success(done);
        } catch (e) {
          modal.error({ title: '未删除', content: errorMessage(e), okText: '知道了' });
        }
      },
    });
  };

  const goTo = (key: string) => {
    const api = gridRef.current?.api;
    if (!api) return;
    const [rk, colId] = splitKey(key);
    const idx = rows.findIndex((r) => r.key === rk);
    if (idx < 0) return;
    api.ensureIndexVisible(idx, 'middle');
    api.setFocusedCell(idx, colId);
  };

  const columns = useMemo<ColDef<SheetRow<S>>[]>(
    () => [
      {
        headerName: '序号',
        colId: 'seq',
        width: 70,
        pinned: 'left',
        type: 'rightAligned',
        valueGetter: (x) => (x.data?.isNew ? '新' : (x.node?.rowIndex ?? 0) + 1),
      },
      ...cols.map<ColDef<SheetRow<S>>>((c) => ({
        colId: c.id,
        headerName: c.header,
        width: c.width,
        flex: c.flex,
        minWidth: c.minWidth,
        editable: !locked && !c.readOnly,
        cellEditor: c.options ? 'agSelectCellEditor' : 'agTextCellEditor',
        cellEditorParams: c.options ? { values: c.options } : undefined,
        valueGetter: (x) => x.data?.text[c.id] ?? '',
        valueSetter: (x: ValueSetterParams<SheetRow<S>>) => {
          if (x.data) apply([{ row: x.data, colId: c.id, raw: x.newValue === null || x.newValue === undefined ? '' : String(x.newValue) }]);
          return false;
        },
        cellClassRules: {
          'cell-dirty': (x: CellClassParams<SheetRow<S>>) => !!x.data?.dirty[c.id] && !x.data.error[c.id],
          'cell-invalid': (x: CellClassParams<SheetRow<S>>) => !!x.data?.error[c.id],
          'cell-readonly': () => !!c.readOnly,
          'cell-selected': (x: CellClassParams<SheetRow<S>>) => isSelected(x.node.rowIndex, c.id),
        },
        tooltipValueGetter: (x) => (x.data?.error[c.id] ? `${c.header}：${x.data.error[c.id]}` : undefined),
      })),
      ...(extraCols ?? []),
    ],
    [cols, locked, apply, isSelected, extraCols],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
    }
  };

  return (
    <div onKeyDown={onKeyDown}>
      <div className="toolbar">
        {p.toolbar}
        <Typography.Text type="secondary" data-testid={`${testId}-count`}>
          共 {rows.filter((r) => !r.isNew).length} {measure}
        </Typography.Text>
        <div className="toolbar-spacer" />
        <SheetLegend problems={problems.length} />
        <UndoRedoButtons edits={edits} locked={locked} testIds={{ undo: `${testId}-undo`, redo: `${testId}-redo` }} />
        <EditButton scope="plan" testId={`${testId}-add`} icon={<PlusOutlined />} onClick={add}>
          新增
        </EditButton>
        <EditButton scope="plan" testId={`${testId}-delete`} danger icon={<DeleteOutlined />} disabled={selected.length === 0} onClick={() => void remove()}>
          删除{selected.length > 0 ? `（${selected.length}）` : ''}
        </EditButton>
        <EditButton
          scope="plan"
          testId={`${testId}-discard`}
          disabled={changed.length === 0 || saving}
          onClick={() =>
            modal.confirm({
              title: '放弃未保存的修改？',
              content: `有 ${changed.length} 行修改尚未保存。`,
              okText: '放弃修改',
              cancelText: '返回',
              okButtonProps: { danger: true },
              onOk: discard,
            })
          }
        >
          放弃修改
        </EditButton>
        <Badge count={changed.length} size="small" offset={[-4, 2]}>
          <EditButton scope="plan" testId={`${testId}-save`} type="primary" icon={<SaveOutlined />} disabled={changed.length === 0} loading={saving} onClick={() => void save()}>
            保存
          </EditButton>
        </Badge>
      </div>
      <CellProblems items={problems} onGo={goTo} />
      <div onPaste={onPaste} onCopy={keys.onCopy} onKeyDownCapture={(e) => (sel.onKeyDownCapture(e), keys.onKeyDownCapture(e))} onMouseDownCapture={sel.onMouseDownCapture}>
        <Grid<SheetRow<S>>
          ref={gridRef}
          testId={testId}
          bottomGap={p.bottomGap ?? 62}
          rowData={rows}
          loading={p.loading && !stored}
          columnDefs={columns}
          getRowId={(x) => x.data.key}
          rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }}
          selectionColumnDef={{ pinned: 'left', width: 44 }}
          onSelectionChanged={(e: SelectionChangedEvent<SheetRow<S>>) => setSelected(e.api.getSelectedRows())}
          singleClickEdit={false}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          stopEditingWhenCellsLoseFocus
          undoRedoCellEditing={false}
          onCellFocused={sel.onCellFocused}
          overlayNoRowsTemplate={`<span class="ag-overlay-no-rows-center">${p.emptyText}</span>`}
        />
        <div className="grid-footnote" title="Shift+点击或 Shift+方向键选择区域，Ctrl+C 复制，Ctrl+D 向下填充，Delete 清除">
          {locked
            ? (lock.reason ?? '本阶段只能查看。')
            : (p.footnote ??
              '双击或键入即可修改，Enter 确认；从 Excel 复制多行，点“新增”后在新行按 Ctrl+V 即逐行新增。Ctrl+Z 撤销，Ctrl+Y 恢复，Ctrl+S 保存。')}
        </div>
      </div>
    </div>
  );
}
