// 扣分制 cells entered in the grid (setScores): the occurrences typed as
// “事由扣N分；…” are stored, scored and explained by the engine (and thus in
// the feedback letter); a bare total is one occurrence; bad text is refused
// naming the cell; the matrix shows the cell as typed.
import { afterAll, describe, expect, it } from 'vitest';
import type { Indicator, OutputOf } from '../../shared/ipc/contract.ts';
import { openTestApp } from '../helpers.ts';

const app = await openTestApp();
afterAll(() => app.close());
const cycle = await app.call('loadDemo', {});
const categories = await app.call('listCategories', { cycleId: cycle.id });
let leaf: Indicator | undefined;
let categoryId = 0;
for (const c of categories) {
  const tree = (await app.call('listIndicators', { categoryId: c.id })).indicators as Indicator[];
  leaf = tree.find((i) => i.isLeaf && i.method?.type === 'deduction');
  if (leaf) {
    categoryId = c.id;
    break;
  }
}
const matrix = await app.call('getScoreMatrix', { categoryId });
const subject = matrix.subjects[0]!;
const cellOf = async () => (await app.call('getScoreMatrix', { categoryId })).cells.find((c) => c.subjectKey === subject.key && c.indicatorId === leaf!.id);
const leafTrace = async () => {
  await app.call('computeCycle', { cycleId: cycle.id });
  const d = (await app.call('getResultDetail', { cycleId: cycle.id, subjectKey: subject.key })) as OutputOf<'getResultDetail'>;
  return d.components.flatMap((c) => c.leaves ?? []).find((l) => l.indicatorId === leaf!.id)!;
};

describe('扣分制 cells from the grid', () => {
  it('the demo has a 扣分制 leaf to enter', () => {
    expect(leaf).toBeDefined();
    expect(leaf!.fullPoints).toBeGreaterThan(1.5);
  });

  it('occurrences typed as text are stored, deducted and explained with their reasons', async () => {
    const text = '迟报材料扣0.5分；被通报批评扣1分';
    const r = await app.call('setScores', { cells: [{ subjectKey: subject.key, indicatorId: leaf!.id, value: 1.5, text }] });
    expect(r.saved).toBe(1);
    expect(await cellOf()).toMatchObject({ value: 1.5, text });
    const t = await leafTrace();
    expect(t.score).toBeCloseTo(leaf!.fullPoints - 1.5, 6);
    expect(t.note).toContain('迟报材料扣0.5分；被通报批评扣1分');
    expect(t.note).toContain('共扣 1.5 分');
  });

  it('a bare total is one occurrence of 扣分 and shows as the number', async () => {
    await app.call('setScores', { cells: [{ subjectKey: subject.key, indicatorId: leaf!.id, value: 1, text: null }] });
    expect(await cellOf()).toMatchObject({ value: 1, text: null });
    expect((await leafTrace()).score).toBeCloseTo(leaf!.fullPoints - 1, 6);
  });

  it('0 is reported with nothing deducted: full marks', async () => {
    await app.call('setScores', { cells: [{ subjectKey: subject.key, indicatorId: leaf!.id, value: 0, text: null }] });
    expect(await cellOf()).toMatchObject({ value: 0, text: null });
    const t = await leafTrace();
    expect(t.score).toBeCloseTo(leaf!.fullPoints, 6);
    expect(t.note).toContain('无扣分事项');
  });

  it('refuses a decimal comma, a total over the points, a value that is not the total — naming the cell, saving nothing', async () => {
    const before = await cellOf();
    for (const [value, text, message] of [
      [null, '迟报扣0,5分', '逗号'],
      [null, `迟报扣${leaf!.fullPoints + 1}分`, '超过本项分值'],
      [3, '迟报扣1分', '不一致'],
      [null, '迟报了材料', '事由扣X分'],
    ] as const) {
      const env = await app.dispatch('setScores', { cells: [{ subjectKey: subject.key, indicatorId: leaf!.id, value, text }] });
      expect(env.ok).toBe(false);
      if (env.ok) continue;
      expect(env.error.message).toContain(message);
      expect(env.error.location).toMatchObject({ kind: 'cells', cells: [{ subjectKey: subject.key, indicatorId: leaf!.id }] });
    }
    expect(await cellOf()).toEqual(before);
  });
});
