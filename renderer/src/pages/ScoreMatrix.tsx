// The score grid: units (plan order) × leaf indicators (grouped by their
// parents), a small spreadsheet that knows the rules. Each entry is read by
// its indicator's method as it is typed or pasted (collect/cellRules.ts); a
// bad one stays as typed, red, and listed with the others, and nothing is
// saved while any remains. Edits are pending (yellow) until 保存, which sends
// them in one call; a refused save keeps them and marks every cell the server
// names (error.location.cells). Ctrl+Z / Ctrl+Y undo and redo (a paste or a
// fill is one step), Shift+click / Shift+arrows select a rectangle, Ctrl+C
// copies it, Ctrl+V pastes (one value fills the rectangle), Ctrl+D fills down,
// Delete clears; columns filter by responsible department; 导出 Excel writes
// the shown columns as .xlsx (exportScoreGrid). When the year's state forbids data, nothing can be edited. Opened from a check (a
// deep link), it shows that component, scrolls to the indicator's column and
// the concerned unit's row, and marks them until the user closes the banner.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Badge, Button, Empty, Segmented, Select, Tooltip, Typography } from 'antd';
import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, ColGroupDef, GridApi, IRowNode, ValueGetterParams, ValueSetterParams } from 'ag-grid-community';
import type { Category, Indicator } from '../../../shared/ipc/contract.ts';
import { MatrixHeader, ancestorsOf, cellKey, isEmpty, needsEntry, sameVal, type CellVal, type Matrix, type MatrixRow } from '../components/scores/matrixParts.tsx';
import { CellProblems, type CellProblemItem } from '../components/scores/CellProblems.tsx';
import { cellHint, checkCell } from '../collect/cellRules.ts';
import { useSheetEdits } from '../collect/sheetEdits.ts';
import { useRectSelection } from '../collect/rectSelection.ts';
import { safeFileName } from '../collect/download.ts';
import { pickPath } from '../pickPath.ts';
import { isCancelled, useJob } from '../jobs.tsx';
import { useSheetKeys, useUndoKeys } from '../collect/sheetKeys.ts';
import { ApiError, call, errorMessage, useQuery } from '../api.ts';
import { EditButton, useLock } from '../lock.tsx';
import { FocusBanner, QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtPlain } from '../format.ts';
import { Grid } from '../grid.tsx';
import { methodLabel, methodShort, methodSummary } from '../methods.ts';
import { SheetLegend, UndoRedoButtons } from '../components/sheetTools.tsx';

export function ScoreMatrix({ category }: { category: Category }) {
  const { modal, message } = App.useApp();
  const { setGuard, focus, clearFocus } = useAppState();
  const comps = useQuery('listComponents', { categoryId: category.id });
  const scorable = useMemo(() => (comps.data ?? []).filter((c) => c.kind === 'indicators' || c.kind === 'routine'), [comps.data]);
  // the whole tree, for the names of the leaves' parents (the column groups)
  const tree = useQuery('listIndicators', { categoryId: category.id });
  // a deep link to an indicator of this category (from a check): kept here until the user closes its banner
  const [landing, setLanding] = useState(() => (focus && focus.categoryId === category.id && focus.indicatorId !== undefined ? focus : null));
  const landingComp = landing ? tree.data?.indicators.find((i) => i.id === landing.indicatorId)?.componentId : undefined;
  const [compChoice, setCompChoice] = useState<number | null>(null);
  // the linked indicator's component is shown first; until the tree says which one that is, nothing is loaded
  const waiting = landing !== null && compChoice === null && !tree.data && !tree.error;
  const componentId = scorable.find((c) => c.id === (compChoice ?? landingComp))?.id ?? (waiting ? null : (scorable[0]?.id ?? null));
  const matrix = useQuery('getScoreMatrix', componentId ? { categoryId: category.id, componentId } : null);

  const edits = useSheetEdits<CellVal>();
  const pending = edits.pending;
  // the cells the server refused at the last save, with its message for each
  const [refused, setRefused] = useState<Map<string, string>>(() => new Map());
  const [dept, setDept] = useState<string | undefined>(undefined);
  const lock = useLock('data');
  const locked = lock.locked;
  const [committed, setCommitted] = useState<{ base: Matrix | undefined; map: Map<string, CellVal> }>({ base: undefined, map: new Map() });
  const [saving, setSaving] = useState(false);
  const job = useJob();
  const gridRef = useRef<AgGridReact<MatrixRow>>(null);
  const sel = useRectSelection(gridRef, isScoreCol);
  const { isSelected } = sel;

  const data = matrix.data;
  const allLeaves = useMemo(() => (data?.indicators ?? []).filter((i) => i.isLeaf), [data]);
  const departments = useMemo(() => [...new Set(allLeaves.map((l) => l.departmentName ?? NO_DEPT))], [allLeaves]);
  const leaves = useMemo(() => (dept === undefined ? allLeaves : allLeaves.filter((l) => (l.departmentName ?? NO_DEPT) === dept)), [allLeaves, dept]);
  const byId = useMemo(() => new Map([...(tree.data?.indicators ?? []), ...(data?.indicators ?? [])].map((i) => [i.id, i])), [data, tree.data]);
  const subjects = useMemo(() => data?.subjects ?? [], [data]);

  const stored = useMemo(() => {
    const m = new Map<string, CellVal>();
    for (const c of data?.cells ?? []) m.set(cellKey(c.subjectKey, c.indicatorId), { value: c.value, text: c.text });
    if (committed.base === data) for (const [k, v] of committed.map) m.set(k, v);
    return m;
  }, [data, committed]);

  // leaving the screen with unsaved edits asks first
  useEffect(() => {
    setGuard(pending.size > 0 ? () => `有 ${pending.size} 个单元格的修改尚未保存，离开后这些修改将丢失。` : null);
    return () => setGuard(null);
  }, [pending.size, setGuard]);

  /** The problem of a cell: its bad entry, or the server's refusal of the value now in it. */
  const problemOf = useCallback((k: string) => pending.get(k)?.error ?? refused.get(k) ?? null, [pending, refused]);

  const rows = useMemo<MatrixRow[]>(() => {
    return subjects.map((s, i) => {
      const v: Record<number, CellVal | undefined> = {};
      const dirty: Record<number, true> = {};
      const bad: Record<number, true> = {};
      const raw: Record<number, string> = {};
      let missing = 0;
      for (const l of leaves) {
        const k = cellKey(s.key, l.id);
        const p = pending.get(k);
        v[l.id] = p && !p.error ? p.val : p ? undefined : stored.get(k);
        if (p) dirty[l.id] = true;
        if (p?.error) raw[l.id] = p.raw;
        if (problemOf(k)) bad[l.id] = true;
        if (needsEntry(l) && isEmpty(v[l.id]) && !p?.error) missing++;
      }
      return { key: s.key, seq: i + 1, name: s.name, code: s.code, pinned: false, v, dirty, invalid: bad, raw, missing };
    });
  }, [subjects, leaves, pending, stored, problemOf]);

  const summaryRows = useMemo<MatrixRow[]>(() => {
    if (rows.length === 0) return [];
    const summary: Record<number, string> = {};
    let missing = 0;
    for (const l of leaves) {
      if (!needsEntry(l)) {
        summary[l.id] = '—';
        continue;
      }
      const filled = rows.filter((r) => !isEmpty(r.v[l.id])).length;
      summary[l.id] = `${filled}/${rows.length}`;
      missing += rows.length - filled;
    }
    return [{ key: '__summary', seq: null, name: '已填/应填', code: '', pinned: true, v: {}, summary, dirty: {}, invalid: {}, raw: {}, missing }];
  }, [rows, leaves]);

  const subjectName = useCallback((key: string) => subjects.find((s) => s.key === key)?.name ?? key, [subjects]);

  // every bad cell, in the grid's order (units in plan order, indicators in tree order)
  const problems = useMemo<CellProblemItem[]>(() => {
    const keys = new Set([...[...pending].filter(([, p]) => p.error).map(([k]) => k), ...refused.keys()]);
    if (keys.size === 0) return [];
    const out: CellProblemItem[] = [];
    for (const s of subjects) {
      for (const l of allLeaves) {
        const k = cellKey(s.key, l.id);
        if (!keys.has(k)) continue;
        const own = pending.get(k)?.error;
        out.push({ key: k, subjectName: s.name, indicatorName: `${l.code} ${l.name}`, message: own ?? refused.get(k) ?? '', fromServer: !own });
      }
    }
    return out;
  }, [pending, refused, subjects, allLeaves]);

  /** Takes a batch of entries (typed, pasted, filled or cleared) as one undoable step. */
  const applyEdits = useCallback(
    (list: { subjectKey: string; indicatorId: number; raw: unknown }[]) => {
      const changes: Parameters<typeof edits.edit>[0] = [];
      let bad = 0;
      for (const e of list) {
        const ind = byId.get(e.indicatorId);
        if (!ind || !ind.isLeaf) continue;
        const k = cellKey(e.subjectKey, e.indicatorId);
        const raw = e.raw === null || e.raw === undefined ? '' : String(e.raw).trim();
        const r = checkCell(ind, raw);
        if (!r.ok) bad++;
        if (r.ok && sameVal(r.val, stored.get(k))) changes.push({ key: k, next: undefined });
        else changes.push({ key: k, next: r.ok ? { val: r.val, raw, error: null } : { val: { value: null, text: null }, raw, error: r.message } });
      }
      if (changes.length === 0) return { taken: 0, bad: 0 };
      edits.edit(changes);
      setRefused((m) => {
        if (!changes.some((c) => m.has(c.key))) return m;
        const next = new Map(m);
        for (const c of changes) next.delete(c.key);
        return next;
      });
      return { taken: changes.length, bad };
    },
    [byId, stored, edits],
  );

  /** What a cell shows (and copies): the entry as typed when it is bad. */
  const shownText = useCallback(
    (row: MatrixRow, id: number): string => {
      if (row.raw[id] !== undefined) return row.raw[id]!;
      const c = row.v[id];
      if (!c) return '';
      return c.text ?? (c.value === null ? '' : fmtPlain(c.value));
    },
    [],
  );

  const columns = useMemo<(ColDef<MatrixRow> | ColGroupDef<MatrixRow>)[]>(() => {
    const leafCol = (l: Indicator): ColDef<MatrixRow> => {
      const letter = l.method?.type === 'letter' ? l.method.letters.map((x) => x.letter) : null;
      const tip = [`${l.code} ${l.name}`, `分值：${fmtPlain(l.fullPoints)} 分`, `计分方法：${methodLabel(l.method)}`, methodSummary(l.method), l.departmentName ? `责任单位：${l.departmentName}` : '', l.description ? `说明：${l.description}` : '']
        .filter(Boolean)
        .join('\n');
      return {
        colId: `ind-${l.id}`,
        headerName: `${l.code} ${l.name}`,
        headerComponent: MatrixHeader,
        headerComponentParams: { full: l.fullPoints, method: methodShort(l.method?.type), tip },
        flex: 1,
        minWidth: 116,
        editable: (p) => !p.node.rowPinned && !locked,
        type: letter ? undefined : 'rightAligned',
        cellEditor: 'agTextCellEditor',
        valueGetter: (p: ValueGetterParams<MatrixRow>) => {
          if (!p.data) return null;
          if (p.data.summary) return p.data.summary[l.id] ?? '';
          if (p.data.raw[l.id] !== undefined) return p.data.raw[l.id];
          const c = p.data.v[l.id];
          if (!c) return null;
          return letter ? c.text : c.value;
        },
        valueFormatter: (p) => (typeof p.value === 'number' ? fmtPlain(p.value) : p.value === null || p.value === undefined ? '' : String(p.value)),
        valueSetter: (p: ValueSetterParams<MatrixRow>) => {
          if (p.data && !p.data.pinned) applyEdits([{ subjectKey: p.data.key, indicatorId: l.id, raw: p.newValue }]);
          return false;
        },
        headerClass: landing?.indicatorId === l.id ? 'header-focus' : undefined,
        cellClassRules: {
          'cell-focus-col': () => landing?.indicatorId === l.id,
          'cell-focus-target': (p: CellClassParams<MatrixRow>) => landing?.indicatorId === l.id && !!p.data && !p.data.pinned && (landing.subjectKeys ?? []).includes(p.data.key),
          'cell-missing': (p: CellClassParams<MatrixRow>) => needsEntry(l) && !!p.data && !p.data.pinned && isEmpty(p.data.v[l.id]),
          'cell-dirty': (p: CellClassParams<MatrixRow>) => !!p.data?.dirty[l.id],
          'cell-invalid': (p: CellClassParams<MatrixRow>) => !!p.data?.invalid[l.id],
          'cell-summary': (p: CellClassParams<MatrixRow>) => !!p.data?.pinned,
          'cell-selected': (p: CellClassParams<MatrixRow>) => !p.node.rowPinned && isSelected(p.node.rowIndex, `ind-${l.id}`),
        },
        tooltipValueGetter: (p) =>
          p.data && !p.data.pinned
            ? `${p.data.name} · ${l.name}${p.data.invalid[l.id] ? `：${problemOf(cellKey(p.data.key, l.id)) ?? ''}` : isEmpty(p.data.v[l.id]) ? (needsEntry(l) ? `（未填，${cellHint(l)}）` : '（扣分制：未录入扣分即不扣分）') : ''}`
            : undefined,
      };
    };

    // leaves grouped by their ancestors, nested as column groups
    const build = (list: Indicator[], depth: number): (ColDef<MatrixRow> | ColGroupDef<MatrixRow>)[] => {
      const out: (ColDef<MatrixRow> | ColGroupDef<MatrixRow>)[] = [];
      let i = 0;
      while (i < list.length) {
        const l = list[i]!;
        const anc = ancestorsOf(l, byId)[depth];
        if (!anc) {
          out.push(leafCol(l));
          i++;
          continue;
        }
        const group: Indicator[] = [];
        while (i < list.length && ancestorsOf(list[i]!, byId)[depth]?.id === anc.id) group.push(list[i++]!);
        out.push({
          groupId: `grp-${anc.id}`,
          headerName: `${anc.code} ${anc.name}（${fmtPlain(anc.fullPoints)}分）`,
          headerTooltip: `${anc.code} ${anc.name}，${fmtPlain(anc.fullPoints)} 分`,
          marryChildren: true,
          headerClass: 'matrix-group-header',
          children: build(group, depth + 1),
        });
      }
      return out;
    };

    return [
      { headerName: '序号', colId: 'seq', field: 'seq', width: 64, pinned: 'left', type: 'rightAligned', valueFormatter: (p) => (p.value === null ? '' : String(p.value)) },
      { headerName: '单位', colId: 'subject', field: 'name', width: 170, pinned: 'left', tooltipField: 'name', cellClass: (p) => (p.data?.pinned ? 'cell-summary-label' : '') },
      ...build(leaves, 0),
      {
        headerName: '未填',
        colId: 'missing',
        field: 'missing',
        width: 72,
        pinned: 'right',
        type: 'rightAligned',
        cellClassRules: { 'cell-missing-count': (p: CellClassParams<MatrixRow>) => (p.value ?? 0) > 0 },
      },
    ];
  }, [leaves, byId, applyEdits, landing, locked, problemOf, isSelected]);

  const applied = useRef(false);
  const applyLanding = useCallback(
    (api: GridApi<MatrixRow> | undefined) => {
      if (!landing || applied.current || !api || !data || !tree.data || componentId === null || subjects.length === 0) return;
      // the linked indicator's component must be the one shown (unless the indicator is gone)
      if (landingComp !== undefined && componentId !== landingComp) return;
      applied.current = true;
      clearFocus();
      const colId = `ind-${landing.indicatorId}`;
      if (!leaves.some((l) => l.id === landing.indicatorId) || !api.getColumn(colId)) {
        void message.info('该指标已不在本表中，可能已被删除或改为上级指标。');
        return;
      }
      const rowIndex = Math.max(0, subjects.findIndex((s) => s.key === landing.subjectKey));
      api.ensureColumnVisible(colId, 'middle');
      api.ensureIndexVisible(rowIndex, 'middle');
      // after the scroll has rendered the cells: focus the first concerned cell and flash the marked ones
      window.setTimeout(() => {
        if (api.isDestroyed()) return;
        api.setFocusedCell(rowIndex, colId);
        const nodes = (landing.subjectKeys ?? []).map((k) => api.getRowNode(k)).filter((n): n is IRowNode<MatrixRow> => !!n);
        api.flashCells({ columns: [colId], rowNodes: nodes.length > 0 ? nodes : undefined, flashDuration: 1200, fadeDuration: 1000 });
      }, 150);
    },
    [landing, data, tree.data, componentId, landingComp, subjects, leaves, clearFocus, message],
  );
  useEffect(() => applyLanding(gridRef.current?.api), [applyLanding, rows]);

  const closeLanding = () => {
    setLanding(null);
    clearFocus();
  };

  const discard = () => {
    edits.reset();
    setRefused(new Map());
    sel.clear();
  };

  const listDialog = (title: string, text: string, listed: { key: string; label: string }[], marked: boolean) =>
    modal.error({
      title,
      width: 560,
      content: (
        <div data-testid="save-error">
          <p style={{ marginTop: 0 }}>{text}</p>
          {listed.length > 0 ? (
            <ul className="cell-problems" style={{ paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
              {listed.map((c) => (
                <li key={c.key}>{c.label}</li>
              ))}
            </ul>
          ) : null}
          <Typography.Text type="secondary">修改仍保留在表格中（黄色{marked ? '，出错的单元格标为红色' : ''}），请改正后再保存，或按 Ctrl+Z 撤销、点击“放弃修改”。</Typography.Text>
        </div>
      ),
      okText: '知道了',
    });

  const save = async () => {
    if (pending.size === 0 || saving || locked) return;
    gridRef.current?.api.stopEditing();
    // a bad entry is never sent: the whole batch waits until every cell is right
    const bad = [...pending].filter(([, p]) => p.error);
    if (bad.length > 0) {
      listDialog(
        `${bad.length} 个单元格有误，本次修改均未保存`,
        '以下单元格的内容不符合该指标的计分方法：',
        problems.filter((p) => !p.fromServer).map((p) => ({ key: p.key, label: `${p.subjectName} · ${p.indicatorName}：${p.message}` })),
        true,
      );
      return;
    }
    const entries = [...pending.entries()].map(([k, p]) => [k, p.val] as const);
    const cells = entries.map(([k, v]) => {
      const [subjectKey, ind] = k.split('|') as [string, string];
      return { subjectKey, indicatorId: Number(ind), value: v.value, text: v.text };
    });
    setSaving(true);
    try {
      // a large batch is saved in a worker: a progress bar with 取消 shows meanwhile (a cancel saves nothing)
      const r = await job.track(`正在保存 ${cells.length} 个单元格…`, (jobId) => call('setScores', { cells, jobId }));
      const map = new Map(committed.base === data ? committed.map : []);
      for (const [k, v] of entries) map.set(k, v);
      setCommitted({ base: data, map });
      discard();
      if (r.warning) {
        // the scores are stored; only the results could not follow
        modal.warning({
          title: `已保存 ${r.saved} 个单元格，但结果未能重新计算`,
          content: (
            <div>
              <p style={{ marginTop: 0 }}>{r.warning}</p>
              <Typography.Text type="secondary">分数已经保存。排名和等次仍是上次计算的结果，请处理上述问题后到“计算排名”重新计算。</Typography.Text>
            </div>
          ),
          okText: '知道了',
        });
      } else {
        void message.success(r.recomputed ? `已保存 ${r.saved} 个单元格，结果已重新计算` : `已保存 ${r.saved} 个单元格`);
      }
    } catch (e) {
      if (isCancelled(e)) {
        void message.info('已取消保存，本次修改仍在表中，尚未保存。');
        return;
      }
      // the server names every bad cell of the batch, as data
      const refusedNow = new Map<string, string>();
      const loc = e instanceof ApiError ? e.location : undefined;
      if (loc?.kind === 'cells') for (const c of loc.cells) refusedNow.set(cellKey(c.subjectKey, c.indicatorId), c.message);
      setRefused(refusedNow);
      const listed = loc?.kind === 'cells' ? loc.cells : [];
      listDialog(
        '保存失败，本次修改均未保存',
        errorMessage(e),
        listed.map((c) => ({ key: cellKey(c.subjectKey, c.indicatorId), label: `${subjectName(c.subjectKey)} · ${byId.get(c.indicatorId)?.name ?? `指标 ${c.indicatorId}`}：${c.message}` })),
        refusedNow.size > 0,
      );
    } finally {
      setSaving(false);
    }
  };

  const scoreCols = useCallback(() => (gridRef.current?.api.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter(isScoreCol), []);
  const keys = useSheetKeys<MatrixRow>({
    gridRef,
    rect: sel.rect,
    editableRow: (r) => !r.pinned,
    locked,
    read: (row, colId) => shownText(row, Number(colId.slice(4))),
    write: (cells) => applyEdits(cells.map((c) => ({ subjectKey: c.row.key, indicatorId: Number(c.colId.slice(4)), raw: c.raw }))),
    undo: edits.undo,
    redo: edits.redo,
    notify: (kind, text) => void message[kind](text),
    columns: scoreCols,
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
    }
  };

  const { undo, redo } = edits;
  useUndoKeys(locked, undo, redo);

  /** From the list of problems to the cell (showing its column again if the filter hides it). */
  const goTo = (key: string) => {
    const api = gridRef.current?.api;
    if (!api) return;
    const [subjectKey, ind] = key.split('|') as [string, string];
    const colId = `ind-${ind}`;
    if (!api.getColumn(colId)) setDept(undefined);
    window.setTimeout(() => {
      const rowIndex = api.getRowNode(subjectKey)?.rowIndex;
      if (rowIndex === null || rowIndex === undefined || !api.getColumn(colId)) return;
      api.ensureColumnVisible(colId, 'middle');
      api.ensureIndexVisible(rowIndex, 'middle');
      api.setFocusedCell(rowIndex, colId);
    }, 50);
  };

  // the grid as stored, written as .xlsx by the main process where the user says (the department filter applies)
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    if (componentId === null || exporting) return;
    const comp = scorable.find((c) => c.id === componentId);
    const file = await pickPath({ mode: 'save', title: '导出指标得分', defaultName: safeFileName(`${category.name}-${comp?.name ?? '指标得分'}${dept ? `-${dept}` : ''}.xlsx`), extensions: ['xlsx'] });
    if (!file) return;
    setExporting(true);
    try {
      const r = await call('exportScoreGrid', { categoryId: category.id, componentId, department: dept, filePath: file }, { refresh: false });
      const note = pending.size > 0 ? `（导出的是已保存的数据，${pending.size} 个未保存的修改不在其中）` : '';
      void message.success({ content: `已导出 ${r.rows} 行 × ${r.columns} 列到 ${r.filePath}${note}`, duration: 6 });
    } catch (e) {
      void message.error({ content: `导出失败：${errorMessage(e)}`, duration: 8 });
    } finally {
      setExporting(false);
    }
  };

  const confirmSwitch = (then: () => void) => {
    if (pending.size === 0) return then();
    modal.confirm({
      title: '放弃未保存的修改？',
      content: `有 ${pending.size} 个单元格的修改尚未保存。`,
      okText: '放弃修改',
      cancelText: '返回',
      okButtonProps: { danger: true },
      onOk: () => {
        discard();
        then();
      },
    });
  };

  const totalMissing = summaryRows[0]?.missing ?? 0;

  return (
    <div onKeyDown={onKeyDown}>
      <div className="toolbar">
        {scorable.length > 1 ? (
          <Segmented
            value={componentId ?? undefined}
            onChange={(v) => confirmSwitch(() => setCompChoice(Number(v)))}
            options={scorable.map((c) => ({ value: c.id, label: c.name }))}
            data-testid="component-picker"
          />
        ) : scorable.length === 1 ? (
          <Typography.Text strong>{scorable[0]!.name}</Typography.Text>
        ) : null}
        {departments.length > 1 || dept !== undefined ? (
          <Select
            data-testid="dept-filter"
            allowClear
            placeholder="全部责任单位"
            style={{ width: 180 }}
            value={dept}
            onChange={(v?: string) => setDept(v)}
            options={departments.map((d) => ({ value: d, label: d }))}
          />
        ) : null}
        <Typography.Text type="secondary">
          {subjects.length} 个单位 × {leaves.length} 项末级指标
        </Typography.Text>
        <div className="toolbar-spacer" />
        <SheetLegend missing={totalMissing} problems={problems.length} />
        <UndoRedoButtons edits={edits} locked={locked} testIds={{ undo: 'btn-undo', redo: 'btn-redo' }} />
        <Tooltip title="把当前显示的列（已保存的数据）导出为 Excel 文件">
          <Button data-testid="btn-export-scores" icon={<DownloadOutlined />} disabled={!data || rows.length === 0 || leaves.length === 0} loading={exporting} onClick={() => void exportXlsx()}>
            导出 Excel
          </Button>
        </Tooltip>
        <EditButton scope="data" testId="btn-discard-scores" disabled={pending.size === 0 || saving} onClick={() => confirmSwitch(() => undefined)}>
          放弃修改
        </EditButton>
        <Badge count={pending.size} size="small" offset={[-4, 2]}>
          <EditButton scope="data" testId="btn-save-scores" type="primary" icon={<SaveOutlined />} disabled={pending.size === 0} loading={saving} onClick={() => void save()}>
            保存
          </EditButton>
        </Badge>
      </div>
      {locked ? <Alert type="info" showIcon style={{ marginBottom: 10 }} title={lock.reason} data-testid="score-locked" /> : null}
      {job.view}
      <FocusBanner focus={landing} onClose={closeLanding} />
      <CellProblems items={problems} onGo={goTo} />
      <QueryError error={comps.error ?? matrix.error} onRetry={() => (comps.reload(), matrix.reload())} />
      {scorable.length === 0 && !comps.loading ? (
        <Empty description="本类别没有按指标计分的考核构成。" />
      ) : allLeaves.length === 0 && data ? (
        <Empty description="本构成还没有指标，请先在“指标体系”中建立。" />
      ) : (
        <div onPaste={keys.onPaste} onCopy={keys.onCopy} onKeyDownCapture={(e) => (sel.onKeyDownCapture(e), keys.onKeyDownCapture(e))} onMouseDownCapture={sel.onMouseDownCapture}>
          <Grid<MatrixRow>
            ref={gridRef}
            testId="score-grid"
            bottomGap={62}
            rowData={rows}
            pinnedBottomRowData={summaryRows}
            loading={matrix.loading && !data}
            columnDefs={columns}
            getRowId={(p) => p.data.key}
            headerHeight={64}
            groupHeaderHeight={34}
            singleClickEdit={false}
            enterNavigatesVertically
            enterNavigatesVerticallyAfterEdit
            stopEditingWhenCellsLoseFocus
            undoRedoCellEditing={false}
            getRowClass={(p) => (p.node.rowPinned ? 'row-total' : undefined)}
            onCellFocused={sel.onCellFocused}
            onFirstDataRendered={(e) => applyLanding(e.api)}
            onRowDataUpdated={(e) => applyLanding(e.api)}
            overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本类别还没有被考核单位</span>'
          />
          <div className="grid-footnote">
            {locked
              ? '本阶段只能查看分数。'
              : '双击或直接键入即可录入，Enter 确认；每个单元格按该指标的计分方法检查（直接评分在 0 到满分之间，完成率等填写实际值，定性等级填写规定的等级），小数用小数点。Shift+点击或 Shift+方向键选择区域，Ctrl+C 复制，Ctrl+V 粘贴，Ctrl+D 向下填充，Delete 清除，Ctrl+Z 撤销，Ctrl+Y 恢复，Ctrl+S 保存。'}
          </div>
        </div>
      )}
    </div>
  );
}

function isScoreCol(colId: string): boolean {
  return colId.startsWith('ind-');
}

const NO_DEPT = '未指定责任单位';
