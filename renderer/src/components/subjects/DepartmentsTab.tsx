// 责任单位: the departments that answer for indicators — name, contact
// person and telephone (stored together as the department's contact,
// “王明 0316-5126688”), and how many indicators name each. Deleting one that
// indicators name leaves those indicators without a department (the
// confirmation says how many).
import { useCallback, useMemo } from 'react';
import type { ColDef } from 'ag-grid-community';
import { call, refreshAll, useQuery } from '../../api.ts';
import { QueryError } from '../common.tsx';
import { useAppState } from '../../context.ts';
import type { OutputOf } from '../../../../shared/ipc/contract.ts';
import { intCol } from '../../grid.tsx';
import { RowSheet, type SheetCol, type SheetRow } from './RowSheet.tsx';
import { checkPhone, joinContact, optional, required, splitContact } from './texts.ts';

type Department = OutputOf<'listDepartmentDetails'>[number];

const FIELD_COL: Record<string, string> = { name: 'name', contact: 'person' };

export function DepartmentsTab() {
  const { cycle } = useAppState();
  const deps = useQuery('listDepartmentDetails', { cycleId: cycle.id });

  const cols = useMemo<SheetCol[]>(
    () => [
      { id: 'name', header: '责任单位', flex: 2, minWidth: 200, check: required('责任单位名称', 100) },
      { id: 'person', header: '联系人', width: 140, check: optional('联系人', 50) },
      { id: 'phone', header: '联系电话', width: 180, check: checkPhone },
    ],
    [],
  );
  const textOf = useCallback((d: Department, col: string) => (col === 'name' ? d.name : col === 'person' ? splitContact(d.contact).person : col === 'phone' ? splitContact(d.contact).phone : ''), []);
  const keyOf = useCallback((d: Department) => `id:${d.id}`, []);
  const rowLabel = useCallback((r: SheetRow<Department>, i: number) => (r.isNew ? `新增行${r.text.name ? ` ${r.text.name}` : ''}` : `第 ${i + 1} 行 ${r.stored!.name}`), []);
  const extraCols = useMemo<ColDef<SheetRow<Department>>[]>(
    () => [intCol({ headerName: '负责指标', colId: 'indicators', width: 110, cellClass: 'cell-readonly', valueGetter: (x) => x.data?.stored?.indicatorCount ?? 0 })],
    [],
  );

  const save = useCallback(
    async (rows: SheetRow<Department>[]) => {
      await call(
        'saveDepartments',
        { cycleId: cycle.id, rows: rows.map((r) => ({ ...(r.stored ? { id: r.stored.id } : {}), name: r.text.name!, contact: joinContact(r.text.person ?? '', r.text.phone ?? '') })) },
        { refresh: false },
      );
    },
    [cycle.id],
  );
  const preview = useCallback(async (rows: Department[]) => {
    const parts: string[] = [];
    for (const d of rows) parts.push((await call('deleteDepartment', { id: d.id, dryRun: true })).message);
    return parts.join('');
  }, []);
  // one department after another; the screens refresh once, also when one is refused
  const remove = useCallback(async (rows: Department[]) => {
    const parts: string[] = [];
    try {
      for (const d of rows) parts.push((await call('deleteDepartment', { id: d.id, clearIndicators: true }, { refresh: false })).message);
    } finally {
      await refreshAll();
    }
    return parts.join('');
  }, []);

  return (
    <>
      <QueryError error={deps.error} onRetry={deps.reload} />
      <RowSheet<Department>
        testId="departments-grid"
        noun="责任单位"
        measure="个"
        stored={deps.data}
        loading={deps.loading}
        keyOf={keyOf}
        textOf={textOf}
        cols={cols}
        extraCols={extraCols}
        rowLabel={rowLabel}
        save={save}
        fieldToCol={(path) => FIELD_COL[path]}
        preview={preview}
        remove={remove}
        emptyText="暂无责任单位"
      />
    </>
  );
}
