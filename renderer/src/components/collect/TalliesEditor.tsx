// 民主测评 tallies of one category: subjects × rater groups, with expected,
// present, valid and invalid ballots and the votes per level, edited like the
// score grid (paste, undo, fill down). Checked as typed: the votes add up to
// the valid ballots, valid ≤ present ≤ expected, valid + invalid ≤ present;
// a bad row is marked, listed and never saved (the server refuses it too,
// location.rows). Beside each row: the shares of each level (votes ÷ valid,
// display only) and the democratic score as the engine stored it.
import { useCallback, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Empty, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, ColGroupDef } from 'ag-grid-community';
import { DEFAULT_CADRE_EVAL_LEVELS, DEFAULT_UNIT_EVAL_LEVELS } from '../../../../shared/domain.ts';
import type { Category } from '../../../../shared/ipc/contract.ts';
import { ApiError, call, errorMessage, useQuery } from '../../api.ts';
import { EditButton, useLock } from '../../lock.tsx';
import { QueryError } from '../common.tsx';
import { useAppState } from '../../context.ts';
import { fmtNum, fmtPercent } from '../../format.ts';
import { Grid } from '../../grid.tsx';
import { parseScoreText } from '../../collect/cellRules.ts';
import { useSheetEdits } from '../../collect/sheetEdits.ts';
import { useRectSelection } from '../../collect/rectSelection.ts';
import { useSheetKeys } from '../../collect/sheetKeys.ts';
import { UndoRedoButtons } from '../sheetTools.tsx';

const COUNTS = ['expected', 'present', 'valid', 'invalid'] as const;
type CountField = (typeof COUNTS)[number];
const COUNT_LABELS: Record<CountField, string> = { expected: '应到', present: '实到', valid: '有效', invalid: '无效' };

interface TallyRow {
  key: string;
  subjectKey: string;
  subjectName: string;
  raterGroupId: number;
  raterGroupName: string;
  counts: Record<CountField, number>;
  votes: Record<string, number>;
  raw: Record<string, string>;
  dirty: Set<string>;
  bad: Set<string>;
  problem: string | null;
  score: number | null;
}

/** field ids: count fields as they are, votes as "v:<level>" */
const voteField = (level: string) => `v:${level}`;

function readCount(raw: string): { ok: true; val: number } | { ok: false; message: string } {
  const n = parseScoreText(raw);
  if (!n.ok) return n;
  if (n.value === null) return { ok: true, val: 0 };
  if (!Number.isInteger(n.value) || n.value < 0) return { ok: false, message: `“${raw}”应为非负整数` };
  return { ok: true, val: n.value };
}

/** What is wrong with a tally (the same rules the server applies), and which fields it concerns. */
function rowProblem(counts: Record<CountField, number>, votes: Record<string, number>, levels: string[]): { message: string; fields: string[] } | null {
  const { expected, present, valid, invalid } = counts;
  if (present > expected) return { message: `实到 ${present} 人多于应到 ${expected} 人`, fields: ['present', 'expected'] };
  if (valid > present) return { message: `有效票 ${valid} 多于实到 ${present} 人`, fields: ['valid', 'present'] };
  if (valid + invalid > present) return { message: `有效票与无效票之和 ${valid + invalid} 多于实到 ${present} 人`, fields: ['valid', 'invalid'] };
  const sum = levels.reduce((a, l) => a + (votes[l] ?? 0), 0);
  if (sum !== valid) return { message: `各等次票数之和 ${sum} 不等于有效票 ${valid}`, fields: ['valid', ...levels.map(voteField)] };
  return null;
}

export function TalliesEditor({ category }: { category: Category }) {
  const { cycle } = useAppState();
  const { modal, message } = App.useApp();
  const lock = useLock('data');
  const ballots = useQuery('listBallots', { categoryId: category.id });
  const comps = useQuery('listComponents', { categoryId: category.id });
  const groups = useQuery('listRaterGroups', { cycleId: cycle.id });
  const units = useQuery('listUnits', category.kind === 'unit' ? { cycleId: cycle.id, categoryId: category.id } : null);
  const cadres = useQuery('listCadres', category.kind === 'cadre' ? { cycleId: cycle.id } : null);
  const results = useQuery('listResults', { cycleId: cycle.id, categoryId: category.id });
  const edits = useSheetEdits<number>();
  const [refused, setRefused] = useState<Map<string, string>>(() => new Map());
  const [saving, setSaving] = useState(false);
  const gridRef = useRef<AgGridReact<TallyRow>>(null);
  const isField = useCallback((c: string) => COUNTS.includes(c as CountField) || c.startsWith('v:'), []);
  const sel = useRectSelection(gridRef, isField);
  const { isSelected } = sel;

  const democratic = (comps.data ?? []).find((c) => c.kind === 'democratic');
  const levels = useMemo(() => (democratic?.evalLevels.length ? democratic.evalLevels : category.kind === 'unit' ? DEFAULT_UNIT_EVAL_LEVELS : DEFAULT_CADRE_EVAL_LEVELS).map((l) => l.name), [democratic, category.kind]);
  const subjects = useMemo(
    () =>
      category.kind === 'unit'
        ? (units.data ?? []).map((u) => ({ key: `unit:${u.id}`, name: u.name }))
        : (cadres.data ?? []).filter((c) => c.categoryId === category.id).map((c) => ({ key: `cadre:${c.id}`, name: `${c.name}（${c.unitName}）` })),
    [category, units.data, cadres.data],
  );
  const raterGroups = useMemo(() => (groups.data ?? []).filter((g) => g.subjectKind === category.kind), [groups.data, category.kind]);
  const scores = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of results.data ?? []) {
      const c = r.components.find((x) => x.componentId === democratic?.id);
      if (c && !r.stale) m.set(r.subjectKey, c.contribution);
    }
    return m;
  }, [results.data, democratic]);

  const rows = useMemo<TallyRow[]>(() => {
    const stored = new Map((ballots.data ?? []).map((b) => [`${b.subjectKey}|${b.raterGroupId}`, b]));
    const out: TallyRow[] = [];
    for (const s of subjects) {
      for (const g of raterGroups) {
        const key = `${s.key}|${g.id}`;
        const b = stored.get(key);
        const counts = { expected: b?.expected ?? 0, present: b?.present ?? 0, valid: b?.valid ?? 0, invalid: b?.invalid ?? 0 };
        const votes: Record<string, number> = { ...(b?.votes ?? {}) };
        const raw: Record<string, string> = {};
        const dirty = new Set<string>();
        const bad = new Set<string>();
        for (const f of [...COUNTS, ...levels.map(voteField)]) {
          const p = edits.pending.get(`${key}#${f}`);
          if (!p) continue;
          dirty.add(f);
          if (p.error) {
            raw[f] = p.raw;
            bad.add(f);
          } else if (f.startsWith('v:')) votes[f.slice(2)] = p.val;
          else counts[f as CountField] = p.val;
        }
        const pr = b || dirty.size > 0 ? rowProblem(counts, votes, levels) : null;
        if (pr && bad.size === 0) for (const f of pr.fields) bad.add(f);
        const own = [...bad].map((f) => edits.pending.get(`${key}#${f}`)?.error).find(Boolean);
        out.push({ key, subjectKey: s.key, subjectName: s.name, raterGroupId: g.id, raterGroupName: g.name, counts, votes, raw, dirty, bad, problem: own ?? pr?.message ?? refused.get(key) ?? null, score: scores.get(s.key) ?? null });
      }
    }
    return out;
  }, [ballots.data, subjects, raterGroups, levels, edits.pending, refused, scores]);

  const problems = rows.filter((r) => r.problem && (r.dirty.size > 0 || refused.has(r.key)));
  const dirtyRows = rows.filter((r) => r.dirty.size > 0);

  const write = useCallback(
    (cells: { row: TallyRow; colId: string; raw: string }[]) => {
      let bad = 0;
      const list = cells.map(({ row, colId, raw }) => {
        const r = readCount(raw.trim());
        if (!r.ok) bad++;
        const before = colId.startsWith('v:') ? (ballots.data?.find((b) => `${b.subjectKey}|${b.raterGroupId}` === row.key)?.votes[colId.slice(2)] ?? 0) : (ballots.data?.find((b) => `${b.subjectKey}|${b.raterGroupId}` === row.key)?.[colId as CountField] ?? 0);
        return { key: `${row.key}#${colId}`, next: r.ok ? (r.val === before && raw.trim() !== '' ? undefined : { val: r.val, raw, error: null }) : { val: 0, raw, error: r.message } };
      });
      edits.edit(list);
      return { taken: list.length, bad };
    },
    [ballots.data, edits],
  );

  const read = useCallback((row: TallyRow, colId: string) => row.raw[colId] ?? String(colId.startsWith('v:') ? (row.votes[colId.slice(2)] ?? 0) : row.counts[colId as CountField]), []);
  const cols = useCallback(() => (gridRef.current?.api.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter(isField), [isField]);
  const keys = useSheetKeys<TallyRow>({ gridRef, rect: sel.rect, editableRow: () => true, locked: lock.locked, read, write, undo: edits.undo, redo: edits.redo, notify: (k, t) => void message[k](t), columns: cols });

  const columns = useMemo<(ColDef<TallyRow> | ColGroupDef<TallyRow>)[]>(() => {
    const field = (f: string, headerName: string): ColDef<TallyRow> => ({
      colId: f,
      headerName,
      width: 78,
      type: 'rightAligned',
      editable: !lock.locked,
      valueGetter: (p) => (p.data ? read(p.data, f) : ''),
      valueSetter: (p) => {
        if (p.data) write([{ row: p.data, colId: f, raw: String(p.newValue ?? '') }]);
        return false;
      },
      cellClassRules: {
        'cell-dirty': (p: CellClassParams<TallyRow>) => !!p.data?.dirty.has(f),
        'cell-invalid': (p: CellClassParams<TallyRow>) => !!p.data?.bad.has(f),
        'cell-selected': (p: CellClassParams<TallyRow>) => isSelected(p.node.rowIndex, f),
      },
    });
    return [
      { headerName: '被考核对象', field: 'subjectName', width: 170, pinned: 'left', tooltipField: 'subjectName' },
      { headerName: '测评群体', field: 'raterGroupName', width: 130, pinned: 'left' },
      { headerName: '参评人数', children: COUNTS.map((f) => field(f, COUNT_LABELS[f])) },
      { headerName: '得票', children: levels.map((l) => field(voteField(l), l)) },
      {
        headerName: '得票率（有效票）',
        children: levels.map((l) => ({
          colId: `share-${l}`,
          headerName: l,
          width: 76,
          type: 'rightAligned',
          valueGetter: (p: { data?: TallyRow }) => (p.data && p.data.counts.valid > 0 ? (p.data.votes[l] ?? 0) / p.data.counts.valid : null),
          valueFormatter: (p: { value: unknown }) => fmtPercent(p.value as number | null),
        })),
      },
      {
        headerName: '民主测评得分',
        colId: 'score',
        width: 110,
        type: 'rightAligned',
        headerTooltip: '计算结果中存储的民主测评得分（计入总分的部分），保存后由系统重新计算',
        valueGetter: (p) => p.data?.score ?? null,
        valueFormatter: (p) => (typeof p.value === 'number' ? fmtNum(p.value, category.settings.decimals) : '—'),
      },
      { headerName: '检查', colId: 'check', flex: 1, minWidth: 200, valueGetter: (p) => p.data?.problem ?? '', cellClassRules: { 'cell-invalid-text': (p: CellClassParams<TallyRow>) => !!p.data?.problem }, tooltipValueGetter: (p) => p.data?.problem ?? undefined },
    ];
  }, [levels, lock.locked, read, write, isSelected, category.settings.decimals]);

  const save = async () => {
    if (dirtyRows.length === 0 || saving) return;
    gridRef.current?.api.stopEditing();
    if (problems.length > 0) {
      modal.error({
        title: `${problems.length} 行测评票数有误，本次修改均未保存`,
        content: (
          <ul data-testid="save-error" style={{ paddingLeft: 18 }}>
            {problems.map((r) => (
              <li key={r.key}>
                {r.subjectName} · {r.raterGroupName}：{r.problem}
              </li>
            ))}
          </ul>
        ),
        okText: '知道了',
      });
      return;
    }
    const input = dirtyRows.map((r) => ({ subjectKey: r.subjectKey, raterGroupId: r.raterGroupId, ...r.counts, votes: Object.fromEntries(levels.map((l) => [l, r.votes[l] ?? 0])) }));
    setSaving(true);
    try {
      const res = await call('saveBallots', { ballots: input });
      edits.reset();
      setRefused(new Map());
      if (res.warning) modal.warning({ title: `已保存 ${res.saved} 条测评票数，但结果未能重新计算`, content: res.warning, okText: '知道了' });
      else void message.success(`已保存 ${res.saved} 条测评票数${res.recomputed ? '，结果已重新计算' : ''}`);
    } catch (e) {
      const loc = e instanceof ApiError ? e.location : undefined;
      const m = new Map<string, string>();
      if (loc?.kind === 'rows') for (const p of loc.rows) {
        const r = dirtyRows[p.index];
        if (r) m.set(r.key, p.message);
      }
      setRefused(m);
      modal.error({ title: '保存失败，本次修改均未保存', content: errorMessage(e), okText: '知道了' });
    } finally {
      setSaving(false);
    }
  };

  if (!democratic && (ballots.data?.length ?? 0) === 0 && !ballots.loading && !comps.loading) {
    return <Empty description="本类别的考核方案中没有民主测评。" />;
  }
  return (
    <div onKeyDown={(e) => ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' ? (e.preventDefault(), void save()) : undefined)}>
      <QueryError error={ballots.error ?? groups.error} onRetry={ballots.reload} />
      <div className="toolbar">
        <Typography.Text type="secondary">各等次票数之和应等于有效票；有效票 ≤ 实到 ≤ 应到。得票率仅供核对，得分以系统计算结果为准。</Typography.Text>
        <div className="toolbar-spacer" />
        <UndoRedoButtons edits={edits} locked={lock.locked} testIds={{ undo: 'btn-undo-tallies' }} />
        <EditButton scope="data" testId="btn-discard-tallies" disabled={edits.pending.size === 0} onClick={() => (edits.reset(), setRefused(new Map()))}>
          放弃修改
        </EditButton>
        <Badge count={dirtyRows.length} size="small" offset={[-4, 2]}>
          <EditButton scope="data" testId="btn-save-tallies" type="primary" icon={<SaveOutlined />} disabled={dirtyRows.length === 0} loading={saving} onClick={() => void save()}>
            保存
          </EditButton>
        </Badge>
      </div>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 10 }}
          data-testid="tally-problems"
          title={`${problems.length} 行测评票数有误（标为红色），改正之前不能保存`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 110, overflow: 'auto' }}>
              {problems.slice(0, 30).map((r) => (
                <li key={r.key} data-testid="tally-problem">
                  {r.subjectName} · {r.raterGroupName}：{r.problem}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <div onPaste={keys.onPaste} onCopy={keys.onCopy} onKeyDownCapture={(e) => (sel.onKeyDownCapture(e), keys.onKeyDownCapture(e))} onMouseDownCapture={sel.onMouseDownCapture}>
        <Grid<TallyRow>
          ref={gridRef}
          testId="ballots-grid"
          rowData={rows}
          loading={ballots.loading && !ballots.data}
          columnDefs={columns}
          getRowId={(p) => p.data.key}
          stopEditingWhenCellsLoseFocus
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          onCellFocused={sel.onCellFocused}
          overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本类别还没有测评群体或被考核对象</span>'
        />
      </div>
    </div>
  );
}
