// 领导干部: every cadre of the year edited in the grid — name, title,
// 正职/副职, unit and (where the plan has more than one cadre category) the
// category; a new row's category follows from its unit and post as the
// plan's other cadres have it, unless chosen. Rows pasted from Excel:
// 姓名, 职务, 岗位, 所在单位 (by name or code), 考核类别.
import { useCallback, useMemo, useState } from 'react';
import { Select } from 'antd';
import type { ColDef } from 'ag-grid-community';
import type { Cadre } from '../../../../shared/ipc/contract.ts';
import { call, useQuery } from '../../api.ts';
import { QueryError } from '../common.tsx';
import { useAppState } from '../../context.ts';
import { RowSheet, type SheetCol, type SheetRow } from './RowSheet.tsx';
import { checkPost, oneOf, optional, postOf, required } from './texts.ts';
import { POST_LABELS } from '../../../../shared/domain.ts';

const FIELD_COL: Record<string, string> = { name: 'name', title: 'title', post: 'post', unitId: 'unit', categoryId: 'category' };

export function CadresTab() {
  const { cycle } = useAppState();
  const units = useQuery('listUnits', { cycleId: cycle.id });
  const cats = useQuery('listCategories', { cycleId: cycle.id });
  const cadres = useQuery('listCadres', { cycleId: cycle.id });
  const [unitId, setUnitId] = useState<number | undefined>(undefined);

  const unitList = useMemo(() => units.data ?? [], [units.data]);
  const cadreCats = useMemo(() => (cats.data ?? []).filter((c) => c.kind === 'cadre'), [cats.data]);
  const unitByName = useMemo(() => new Map(unitList.map((u) => [u.name, u])), [unitList]);
  const catByName = useMemo(() => new Map(cadreCats.map((c) => [c.name, c])), [cadreCats]);

  const cols = useMemo<SheetCol[]>(
    () => [
      { id: 'name', header: '姓名', width: 120, check: required('姓名', 100) },
      { id: 'title', header: '职务', flex: 2, minWidth: 200, check: optional('职务', 200) },
      { id: 'post', header: '岗位', width: 90, options: [POST_LABELS.head, POST_LABELS.deputy], check: checkPost },
      { id: 'unit', header: '所在单位', flex: 1, minWidth: 160, options: unitList.map((u) => u.name), check: oneOf('所在单位', unitList.map((u) => ({ name: u.name, alias: u.code }))) },
      {
        id: 'category',
        header: '考核类别',
        flex: 1,
        minWidth: 160,
        options: cadreCats.map((c) => c.name),
        // one cadre category: nothing to choose
        readOnly: cadreCats.length <= 1,
        check: cadreCats.length === 0 ? () => ({ ok: false, message: '方案中还没有干部类别，请先在“考核方案”中新增' }) : oneOf('考核类别', cadreCats.map((c) => ({ name: c.name }))),
      },
    ],
    [unitList, cadreCats],
  );

  // the category the plan's cadres of the same unit category and post are in (the most common)
  const complete = useCallback(
    (text: Record<string, string>, isNew: boolean) => {
      if (!isNew || text.category) return text;
      if (cadreCats.length === 1) return { ...text, category: cadreCats[0]!.name };
      const unit = unitByName.get(text.unit ?? '');
      const post = text.post === POST_LABELS.head ? 'head' : text.post === POST_LABELS.deputy ? 'deputy' : null;
      if (!unit || !post) return text;
      const unitCat = new Map(unitList.map((u) => [u.id, u.categoryId]));
      const tally = new Map<string, number>();
      for (const c of cadres.data ?? []) if (c.post === post && unitCat.get(c.unitId) === unit.categoryId) tally.set(c.categoryName, (tally.get(c.categoryName) ?? 0) + 1);
      const best = [...tally].sort((a, b) => b[1] - a[1])[0];
      return best ? { ...text, category: best[0] } : text;
    },
    [cadreCats, unitByName, unitList, cadres.data],
  );

  const textOf = useCallback((c: Cadre, col: string) => {
    switch (col) {
      case 'name':
        return c.name;
      case 'title':
        return c.title;
      case 'post':
        return POST_LABELS[c.post];
      case 'unit':
        return c.unitName;
      case 'category':
        return c.categoryName;
      default:
        return '';
    }
  }, []);

  const filterUnit = unitList.find((u) => u.id === unitId);
  const defaults = useCallback((): Record<string, string> => ({ post: POST_LABELS.deputy, ...(filterUnit ? { unit: filterUnit.name } : {}) }), [filterUnit]);
  const visible = useCallback((c: Cadre) => unitId === undefined || c.unitId === unitId, [unitId]);
  const keyOf = useCallback((c: Cadre) => `id:${c.id}`, []);
  const rowLabel = useCallback((r: SheetRow<Cadre>, i: number) => (r.isNew ? `新增行${r.text.name ? ` ${r.text.name}` : ''}` : `第 ${i + 1} 行 ${r.stored!.name}`), []);
  const extraCols = useMemo<ColDef<SheetRow<Cadre>>[]>(() => [{ headerName: '代码', colId: 'code', width: 100, cellClass: 'cell-readonly', valueGetter: (x) => x.data?.stored?.code ?? '保存后编号' }], []);

  const save = useCallback(
    async (rows: SheetRow<Cadre>[]) => {
      await call(
        'saveCadres',
        {
          cycleId: cycle.id,
          rows: rows.map((r) => ({
            ...(r.stored ? { id: r.stored.id } : {}),
            unitId: unitByName.get(r.text.unit!)!.id,
            categoryId: catByName.get(r.text.category!)!.id,
            name: r.text.name!,
            post: postOf(r.text.post!),
            title: r.text.title ?? '',
          })),
        },
        { refresh: false },
      );
    },
    [cycle.id, unitByName, catByName],
  );
  const preview = useCallback(async (rows: Cadre[]) => (await call('deleteCadres', { ids: rows.map((c) => c.id), dryRun: true })).message, []);
  const remove = useCallback(async (rows: Cadre[]) => (await call('deleteCadres', { ids: rows.map((c) => c.id) })).message, []);

  return (
    <>
      <QueryError error={cadres.error ?? units.error ?? cats.error} onRetry={() => (cadres.reload(), units.reload(), cats.reload())} />
      <RowSheet<Cadre>
        testId="cadres-grid"
        noun="干部"
        measure="名"
        stored={cadres.data && units.data && cats.data ? cadres.data : undefined}
        loading={cadres.loading || units.loading || cats.loading}
        keyOf={keyOf}
        textOf={textOf}
        cols={cols}
        extraCols={extraCols}
        defaults={defaults}
        complete={complete}
        visible={visible}
        rowLabel={rowLabel}
        save={save}
        fieldToCol={(path) => FIELD_COL[path]}
        preview={preview}
        remove={remove}
        emptyText="暂无领导干部"
        footnote="双击或键入即可修改，Enter 确认；从 Excel 复制多行（姓名、职务、岗位、所在单位、考核类别），点“新增”后在新行按 Ctrl+V 即逐行新增。Ctrl+Z 撤销，Ctrl+Y 恢复，Ctrl+S 保存。"
        toolbar={
          <>
            <span>所在单位</span>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部单位"
              style={{ width: 240 }}
              value={unitId}
              onChange={(v?: number) => setUnitId(v)}
              options={unitList.map((u) => ({ value: u.id, label: u.name }))}
              data-testid="cadre-unit-filter"
            />
          </>
        }
      />
    </>
  );
}
