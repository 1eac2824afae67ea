// A small builder of engine inputs for tests: categories, components, a tree
// of indicators, subjects and cells, with sensible defaults.
import { DEFAULT_CADRE_EVAL_LEVELS, DEFAULT_UNIT_EVAL_LEVELS, DEFAULT_UNIT_GRADE_RULES, DEFAULT_CADRE_GRADE_RULES, type CategorySettings, type GradeRules, type Method, type SubjectKey } from '../../shared/domain.ts';
import type { EngineComponent, EngineEvent, EngineIndicator, EngineInput, EngineSubject } from '../../shared/engine/types.ts';

export function settings(kind: 'unit' | 'cadre', over: Partial<CategorySettings> = {}, grading: Partial<GradeRules> = {}): CategorySettings {
  return {
    bonus: { kindCaps: {} },
    decimals: 2,
    normalizeToBest: false,
    minSpread: 0.3,
    ...over,
    grading: { ...(kind === 'unit' ? DEFAULT_UNIT_GRADE_RULES : DEFAULT_CADRE_GRADE_RULES), ...grading },
  };
}

export class PlanBuilder {
  input: EngineInput = { categories: [], components: [], indicators: [], raterGroups: [], subjects: [], scores: [], ballots: [], events: [] };
  private nextId = 1;

  category(name: string, kind: 'unit' | 'cadre' = 'unit', s: CategorySettings = settings(kind), difficulty = 1): number {
    const id = this.nextId++;
    this.input.categories.push({ id, name, kind, difficulty, sortOrder: id, settings: s });
    return id;
  }

  component(categoryId: number, code: string, kind: EngineComponent['kind'], over: Partial<EngineComponent> = {}): number {
    const id = this.nextId++;
    const cat = this.input.categories.find((c) => c.id === categoryId)!;
    this.input.components.push({
      id,
      categoryId,
      code,
      name: over.name ?? code,
      kind,
      weight: null,
      fullPoints: 100,
      normalizeTo100: false,
      applyDifficulty: false,
      evalLevels: cat.kind === 'unit' ? DEFAULT_UNIT_EVAL_LEVELS : DEFAULT_CADRE_EVAL_LEVELS,
      sortOrder: id,
      ...over,
    });
    return id;
  }

  indicator(categoryId: number, componentId: number, parentId: number | null, name: string, fullPoints: number, method: Method | null = null): number {
    const id = this.nextId++;
    const siblings = this.input.indicators.filter((i) => i.parentId === parentId && i.categoryId === categoryId).length;
    const parent = this.input.indicators.find((i) => i.id === parentId);
    const code = parent ? `${parent.code}.${siblings + 1}` : String(siblings + 1);
    const ind: EngineIndicator = { id, categoryId, componentId, parentId, code, name, fullPoints, method, sortOrder: siblings + 1 };
    this.input.indicators.push(ind);
    return id;
  }

  subject(categoryId: number, name: string, kind: 'unit' | 'cadre' = 'unit', over: Partial<EngineSubject> = {}): SubjectKey {
    const id = this.nextId++;
    const key: SubjectKey = `${kind}:${id}`;
    this.input.subjects.push({ key, kind, id, code: `S${id}`, name, categoryId, sortOrder: id, ...over });
    return key;
  }

  cell(indicatorId: number, subjectKey: SubjectKey, value: number | null, extra: { text?: string; deductions?: { points: number; reason: string }[] } = {}): this {
    this.input.scores.push({ indicatorId, subjectKey, value, ...extra });
    return this;
  }

  event(subjectKey: SubjectKey, kind: EngineEvent['kind'], over: Partial<EngineEvent> = {}): this {
    this.input.events.push({ id: this.nextId++, subjectKey, kind, type: '', points: 0, reason: kind, ...over });
    return this;
  }
}
