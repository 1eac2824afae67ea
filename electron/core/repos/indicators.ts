// The indicator tree of a category, flattened in display order (depth-first).
import { methodSchema } from '../../../shared/domain.ts';
import type { Indicator } from '../../../shared/ipc/contract.ts';
import type { Db } from '../context.ts';
import { parseJson } from './json.ts';

export async function listIndicators(db: Db, categoryId: number): Promise<Indicator[]> {
  const rows = await db
    .selectFrom('indicators')
    .innerJoin('components', 'components.id', 'indicators.component_id')
    .leftJoin('departments', 'departments.id', 'indicators.department_id')
    .selectAll('indicators')
    .select(['components.name as component_name', 'components.sort_order as component_order', 'departments.name as department_name'])
    .where('indicators.category_id', '=', categoryId)
    .execute();
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const list = children.get(r.parent_id) ?? [];
    list.push(r);
    children.set(r.parent_id, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.component_order - b.component_order || a.sort_order - b.sort_order || a.id - b.id);
  const out: Indicator[] = [];
  const walk = (parent: number | null, level: number) => {
    for (const r of children.get(parent) ?? []) {
      const isLeaf = !children.has(r.id);
      out.push({
        id: r.id,
        categoryId: r.category_id,
        componentId: r.component_id,
        componentName: r.component_name,
        parentId: r.parent_id,
        code: r.code,
        name: r.name,
        level,
        fullPoints: r.full_points,
        method: r.method === null ? null : parseJson(methodSchema, r.method, `指标“${r.name}”的计分方法`),
        departmentId: r.department_id,
        departmentName: r.department_name,
        description: r.description,
        sortOrder: r.sort_order,
        isLeaf,
      });
      walk(r.id, level + 1);
    }
  };
  walk(null, 1);
  return out;
}

/** Points-sum check: an inner node's full points must equal the sum of its children's. */
export function treeChecks(list: Indicator[]): string[] {
  const sums = new Map<number, number>();
  for (const i of list) if (i.parentId !== null) sums.set(i.parentId, (sums.get(i.parentId) ?? 0) + i.fullPoints);
  const out: string[] = [];
  for (const i of list) {
    const s = sums.get(i.id);
    if (s !== undefined && Math.abs(s - i.fullPoints) > 1e-6) {
      out.push(`指标“${i.code} ${i.name}”分值为 ${i.fullPoints} 分，但其下级指标合计 ${Math.round(s * 100) / 100} 分，两者应相等。`);
    }
  }
  return out;
}
