// The score grid: units (plan order) × leaf indicators (grouped by their
// parents). Edits are kept as pending (yellow) until 保存, which sends them
// in one call; a refused save keeps them, marks every cell the server names
// (error.location.cells) with its message, and leaves the stored values
// untouched. When the year's state forbids data, nothing can be edited. Opened from a check (a
// deep link), it shows that component, scrolls to the indicator's column and
// the concerned unit's row, and marks them until the user closes the banner.
import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { Alert, App, Badge, Empty, Segmented, Space, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, ColGroupDef, GridApi, IRowNode, ValueGetterParams, ValueSetterParams } from 'ag-grid-community';
import type { Category, Indicator } from '../../../shared/ipc/contract.ts';
import { MatrixHeader, ancestorsOf, cellKey, isEmpty, needsEntry, parseNumber, sameVal, type CellVal, type Matrix, type MatrixRow } from '../components/scores/matrixParts.tsx';
import { ApiError, call, errorMessage, useQuery } from '../api.ts';
import { EditButton, useLock } from '../lock.tsx';
import { FocusBanner, QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtPlain } from '../format.ts';
import { Grid } from '../grid.tsx';
import { methodLabel, methodShort, methodSummary } from '../methods.ts';

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

  const [pending, setPending] = useState<Map<string, CellVal>>(() => new Map());
  // the cells the server refused, with its message for each
  const [invalid, setInvalid] = useState<Map<string, string>>(() => new Map());
  const lock = useLock('data');
  const locked = lock.locked;
  const [committed, setCommitted] = useState<{ base: Matrix | undefined; map: Map<string, CellVal> }>({ base: undefined, map: new Map() });
  const [saving, setSaving] = useState(false);
  const gridRef = useRef<AgGridReact<MatrixRow>>(null);

  const data = matrix.data;
  const leaves = useMemo(() => (data?.indicators ?? []).filter((i) => i.isLeaf), [data]);
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

  const rows = useMemo<MatrixRow[]>(() => {
    return subjects.map((s, i) => {
      const v: Record<number, CellVal | undefined> = {};
      const dirty: Record<number, true> = {};
      const bad: Record<number, true> = {};
      let missing = 0;
      for (const l of leaves) {
        const k = cellKey(s.key, l.id);
        const p = pending.get(k);
        v[l.id] = p ?? stored.get(k);
        if (p) dirty[l.id] = true;
        if (invalid.has(k)) bad[l.id] = true;
        if (needsEntry(l) && isEmpty(v[l.id])) missing++;
      }
      return { key: s.key, seq: i + 1, name: s.name, code: s.code, pinned: false, v, dirty, invalid: bad, missing };
    });
  }, [subjects, leaves, pending, stored, invalid]);

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
    return [{ key: '__summary', seq: null, name: '已填/应填', code: '', pinned: true, v: {}, summary, dirty: {}, invalid: {}, missing }];
  }, [rows, leaves]);

  const subjectName = useCallback((key: string) => subjects.find((s) => s.key === key)?.name ?? key, [subjects]);

  /** Applies a batch of edits (typed or pasted); returns how many were taken. */
  const applyEdits = useCallback(
    (edits: { subjectKey: string; indicatorId: number; raw: unknown }[]) => {
      const next = new Map(pending);
      const nextInvalid = new Map(invalid);
      const problems: string[] = [];
      let taken = 0;
      for (const e of edits) {
        const ind = byId.get(e.indicatorId);
        if (!ind) continue;
        const k = cellKey(e.subjectKey, e.indicatorId);
        const raw = e.raw === null || e.raw === undefined ? '' : String(e.raw).trim();
        let val: CellVal;
        if (ind.method?.type === 'letter') {
          const letters = ind.method.letters.map((l) => l.letter);
          if (raw !== '' && !letters.includes(raw)) {
            problems.push(`${subjectName(e.subjectKey)}“${ind.name}”：等级应为 ${letters.join('、')} 之一`);
            continue;
          }
          val = { value: null, text: raw === '' ? null : raw };
        } else {
          const n = parseNumber(raw);
          if (n === 'invalid') {
            problems.push(`${subjectName(e.subjectKey)}“${ind.name}”：“${raw}”不是数字`);
            continue;
          }
          val = { value: n, text: null };
        }
        taken++;
        nextInvalid.delete(k);
        if (sameVal(val, stored.get(k))) next.delete(k);
        else next.set(k, val);
      }
      setPending(next);
      setInvalid(nextInvalid);
      if (problems.length > 0) {
        void message.error({ content: problems.length > 3 ? `${problems.slice(0, 3).join('；')}；另有 ${problems.length - 3} 处` : problems.join('；'), duration: 6 });
      }
      return taken;
    },
    [pending, invalid, byId, stored, subjectName, message],
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
        cellEditor: letter ? 'agSelectCellEditor' : 'agTextCellEditor',
        cellEditorParams: letter ? { values: ['', ...letter] } : undefined,
        valueGetter: (p: ValueGetterParams<MatrixRow>) => {
          if (!p.data) return null;
          if (p.data.summary) return p.data.summary[l.id] ?? '';
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
        },
        tooltipValueGetter: (p) =>
          p.data && !p.data.pinned
            ? `${p.data.name} · ${l.name}${isEmpty(p.data.v[l.id]) ? (needsEntry(l) ? '（未填）' : '（扣分制：未录入扣分即不扣分）') : ''}${invalid.has(cellKey(p.data.key, l.id)) ? `：${invalid.get(cellKey(p.data.key, l.id))}` : ''}`
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
  }, [leaves, byId, applyEdits, landing, locked, invalid]);

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
    setPending(new Map());
    setInvalid(new Map());
  };

  const save = async () => {
    if (pending.size === 0 || saving || locked) return;
    gridRef.current?.api.stopEditing();
    const entries = [...pending.entries()];
    const cells = entries.map(([k, v]) => {
      const [subjectKey, ind] = k.split('|') as [string, string];
      return { subjectKey, indicatorId: Number(ind), value: v.value, text: v.text };
    });
    setSaving(true);
    try {
      const r = await call('setScores', { cells });
      const map = new Map(committed.base === data ? committed.map : []);
      for (const [k, v] of entries) map.set(k, v);
      setCommitted({ base: data, map });
      setPending(new Map());
      setInvalid(new Map());
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
      const text = errorMessage(e);
      // the server names every bad cell of the batch, as data
      const bad = new Map<string, string>();
      const loc = e instanceof ApiError ? e.location : undefined;
      if (loc?.kind === 'cells') for (const c of loc.cells) bad.set(cellKey(c.subjectKey, c.indicatorId), c.message);
      setInvalid(bad);
      const listed = loc?.kind === 'cells' ? loc.cells : [];
      modal.error({
        title: '保存失败，本次修改均未保存',
        width: 560,
        content: (
          <div data-testid="save-error">
            <p style={{ marginTop: 0 }}>{text}</p>
            {listed.length > 0 ? (
              <ul className="cell-problems" style={{ paddingLeft: 18, maxHeight: 240, overflow: 'auto' }}>
                {listed.map((c) => (
                  <li key={cellKey(c.subjectKey, c.indicatorId)}>
                    {subjectName(c.subjectKey)} · {byId.get(c.indicatorId)?.name ?? `指标 ${c.indicatorId}`}：{c.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <Typography.Text type="secondary">修改仍保留在表格中（黄色{bad.size > 0 ? '，出错的单元格标为红色' : ''}），请改正后再保存，或点击“撤销修改”。</Typography.Text>
          </div>
        ),
        okText: '知道了',
      });
    } finally {
      setSaving(false);
    }
  };

  // Ctrl+V over the grid: paste a block copied from a spreadsheet, starting at the focused cell
  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    const api = gridRef.current?.api;
    if (!api || locked || api.getEditingCells().length > 0) return;
    const focused = api.getFocusedCell();
    if (!focused || focused.rowPinned) return;
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    const cols = api.getAllDisplayedColumns();
    const start = cols.findIndex((c) => c.getColId() === focused.column.getColId());
    const edits: { subjectKey: string; indicatorId: number; raw: unknown }[] = [];
    lines.forEach((line, r) => {
      const node = api.getDisplayedRowAtIndex(focused.rowIndex + r);
      if (!node?.data || node.data.pinned) return;
      line.split('\t').forEach((raw, c) => {
        const col = cols[start + c];
        const id = col?.getColId().startsWith('ind-') ? Number(col.getColId().slice(4)) : NaN;
        if (Number.isFinite(id)) edits.push({ subjectKey: node.data!.key, indicatorId: id, raw });
      });
    });
    if (edits.length === 0) return;
    const n = applyEdits(edits);
    if (n > 0) void message.info(`已粘贴 ${n} 个单元格，核对后请点击“保存”。`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
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
        <Typography.Text type="secondary">
          {subjects.length} 个单位 × {leaves.length} 项末级指标
        </Typography.Text>
        <div className="toolbar-spacer" />
        <Space size={14} className="legend-bar">
          <span className="legend">
            <span className="legend-swatch legend-missing" />
            未填{totalMissing > 0 ? ` ${totalMissing}` : ''}
          </span>
          <span className="legend">
            <span className="legend-swatch legend-dirty" />
            未保存
          </span>
          <span className="legend">
            <span className="legend-swatch legend-invalid" />
            有误
          </span>
        </Space>
        <EditButton scope="data" testId="btn-discard-scores" icon={<UndoOutlined />} disabled={pending.size === 0 || saving} onClick={() => confirmSwitch(() => undefined)}>
          撤销修改
        </EditButton>
        <Badge count={pending.size} size="small" offset={[-4, 2]}>
          <EditButton scope="data" testId="btn-save-scores" type="primary" icon={<SaveOutlined />} disabled={pending.size === 0} loading={saving} onClick={() => void save()}>
            保存
          </EditButton>
        </Badge>
      </div>
      {locked ? <Alert type="info" showIcon style={{ marginBottom: 10 }} title={lock.reason} data-testid="score-locked" /> : null}
      <FocusBanner focus={landing} onClose={closeLanding} />
      <QueryError error={comps.error ?? matrix.error} onRetry={() => (comps.reload(), matrix.reload())} />
      {scorable.length === 0 && !comps.loading ? (
        <Empty description="本类别没有按指标计分的考核构成。" />
      ) : leaves.length === 0 && data ? (
        <Empty description="本构成还没有指标，请先在“指标体系”中建立。" />
      ) : (
        <div onPaste={onPaste}>
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
            onFirstDataRendered={(e) => applyLanding(e.api)}
            onRowDataUpdated={(e) => applyLanding(e.api)}
            overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本类别还没有被考核单位</span>'
          />
          <div className="grid-footnote">
            {locked
              ? '本阶段只能查看分数。'
              : '双击单元格或直接键入数字即可录入，Enter 确认并移到下一行；可从 Excel 复制一块区域后在起始单元格按 Ctrl+V 粘贴；Ctrl+S 保存。数值含义见各列标题的计分方法（完成率等方法填写实际值）。'}
          </div>
        </div>
      )}
    </div>
  );
}
