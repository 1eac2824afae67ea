// Which results a category reads, so that the storage layer knows what to
// recompute (or what is stale) without running the engine.
import type { SubjectKey } from '../domain.ts';
import type { CategoryDependency, EngineInput } from './types.ts';

const ascending = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);

/**
 * Cadre categories with linkage (三个挂钩) read the grades of their cadres'
 * units, so they depend on those units' categories (from the unit subjects in
 * the input, else from `unitCategories`); a component of kind 'external'
 * cites another cycle. One entry per category, in the plan's order.
 */
export function categoryDependencies(input: Pick<EngineInput, 'categories' | 'components' | 'subjects' | 'unitCategories'>): CategoryDependency[] {
  const unitCategory = new Map<SubjectKey, number>();
  for (const [k, v] of Object.entries(input.unitCategories ?? {})) if (v !== undefined) unitCategory.set(k as SubjectKey, v);
  for (const s of input.subjects) if (s.kind === 'unit') unitCategory.set(s.key, s.categoryId);
  const linked = new Set(input.categories.filter((c) => c.kind === 'cadre' && c.settings.grading.linkage).map((c) => c.id));
  const onCategories = new Map<number, number[]>();
  for (const s of input.subjects) {
    if (!s.unitKey || !linked.has(s.categoryId)) continue;
    const uc = unitCategory.get(s.unitKey);
    if (uc === undefined || uc === s.categoryId) continue;
    const list = onCategories.get(s.categoryId);
    if (list) list.push(uc);
    else onCategories.set(s.categoryId, [uc]);
  }
  const onCycles = new Map<number, number[]>();
  for (const c of input.components) {
    if (c.kind !== 'external' || !c.source) continue;
    const list = onCycles.get(c.categoryId);
    if (list) list.push(c.source.cycleId);
    else onCycles.set(c.categoryId, [c.source.cycleId]);
  }
  return [...input.categories]
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
    .map((c) => ({ categoryId: c.id, onCategories: ascending(onCategories.get(c.id) ?? []), onCycles: ascending(onCycles.get(c.id) ?? []) }));
}
