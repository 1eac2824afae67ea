// Bad plans are refused with the place named (the JSON path) and nothing
// written: the row counts of every table are the same before and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanImportError } from '../../electron/core/import/problems.ts';
import { importPlan } from '../../electron/core/import/import-plan.ts';
import { EXAMPLE_JSON, openTempDb, readJson, rowCounts, type TempDb } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tests break the plan where they like */
type AnyPlan = any;

let db: TempDb;
const example = readJson<AnyPlan>(EXAMPLE_JSON);
const town = (p: AnyPlan) => p.categories[0];
const tree = (p: AnyPlan) => town(p).components[0].indicators;

beforeAll(async () => {
  db = await openTempDb();
  // a cycle already there, so that “nothing written” is not just an empty database
  await importPlan(db.ctx, structuredClone(example), 'first.json');
});
afterAll(() => db.close());

/** Imports a broken copy of the example; returns the error message, checking that nothing was written. */
async function refused(mutate: (p: AnyPlan) => void): Promise<string> {
  const plan = structuredClone(example);
  mutate(plan);
  const before = rowCounts(db.ctx);
  const error = await importPlan(db.ctx, plan, 'broken.json').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the import should have been refused').toBeInstanceOf(PlanImportError);
  expect(rowCounts(db.ctx)).toEqual(before);
  return (error as Error).message;
}

describe('unknown references name their path', () => {
  it('a unit in a category that does not exist', async () => {
    expect(await refused((p) => (p.units[3].category = '四类乡镇'))).toContain('units[3].category：类别“四类乡镇”不存在');
  });

  it('a unit in a cadre category', async () => {
    const msg = await refused((p) => {
      p.categories.push({ name: '乡镇党政正职', kind: 'cadre', components: [{ code: 'MZ', name: '民主测评', kind: 'democratic', weight: 100 }] });
      p.units[0].category = '乡镇党政正职';
    });
    expect(msg).toContain('units[0].category：类别“乡镇党政正职”是干部类别');
  });

  it('a score for an indicator code the category does not have, or for an inner node', async () => {
    expect(await refused((p) => (p.scores.XZ01['1.9'] = 3))).toContain('scores.XZ01["1.9"]：类别“乡镇”中没有编号为“1.9”的指标');
    expect(await refused((p) => (p.scores.XZ01['1.2'] = 3))).toContain('scores.XZ01["1.2"]：指标“1.2 财政收入”有下级指标');
  });

  it('a score, ballot or event of an unknown unit', async () => {
    expect(await refused((p) => (p.scores.XZ09 = { '1.1': 7 }))).toContain('scores.XZ09：单位或干部代码“XZ09”不存在');
    expect(await refused((p) => (p.ballots[4].subject = 'XZ09'))).toContain('ballots[4].subject：单位或干部代码“XZ09”不存在');
    expect(await refused((p) => (p.events[1].subject = 'BM09'))).toContain('events[1].subject：单位或干部代码“BM09”不存在');
  });

  it('a ballot of a rater group that does not exist', async () => {
    expect(await refused((p) => (p.ballots[2].group = '群众代表'))).toContain('ballots[2].group：单位的测评组“群众代表”不存在');
  });

  it('an indicator whose responsible department is not listed', async () => {
    expect(await refused((p) => (tree(p)[0].children[0].department = '县审计局'))).toContain(
      'categories[0].components[0].indicators[0].children[0].department：责任单位“县审计局”不在责任单位名单',
    );
  });

  it('an external component whose source cycle is not in the database', async () => {
    const msg = await refused((p) => town(p).components.push({ code: 'ZH', name: '综合考核', kind: 'external', source: { cycle: '2024年度综合考核' } }));
    expect(msg).toContain('categories[0].components[3].source.cycle：数据库中没有名为“2024年度综合考核”的考核年度');
  });

  it('duplicate codes', async () => {
    expect(await refused((p) => (p.units[1].code = 'XZ01'))).toContain('units[1].code：单位代码“XZ01”重复');
    expect(await refused((p) => (tree(p)[1].children[0].code = '1.1'))).toContain('categories[0].components[0].indicators[1].children[0].code：类别“乡镇”中指标编号“1.1”重复');
  });
});

describe('methods and values', () => {
  it('a method with a bad parameter names the indicator', async () => {
    const msg = await refused((p) => (tree(p)[0].children[1].children[0].method.target = 0));
    expect(msg).toContain('categories[0].components[0].indicators[0].children[1].children[0].method.target：（指标“一般公共预算收入完成率”）应大于 0');
  });

  it('a misspelt parameter or an unknown method is an error, not ignored', async () => {
    expect(await refused((p) => (tree(p)[0].children[1].children[0].method.targt = 90))).toContain('不认识的字段 “targt”');
    expect(await refused((p) => (tree(p)[0].children[0].method = { type: 'ratio' }))).toContain('method.type：（指标“地区生产总值增速”）type 为 文字“ratio”，不是可用的计分方法');
  });

  it('an inner node cannot have a method', async () => {
    expect(await refused((p) => (tree(p)[0].method = { type: 'direct' }))).toContain('categories[0].components[0].indicators[0].method：指标“经济发展”有下级指标');
  });

  it('score cells are checked against their method', async () => {
    expect(await refused((p) => (p.scores.XZ01['2.1'] = 16))).toContain('scores.XZ01["2.1"]：“城关镇”的指标“2.1 民生实事”：得分 16 超出范围，应在 0 到 15 分之间');
    expect(await refused((p) => (p.scores.XZ01['3.1'] = '优'))).toContain('等级“优”无效，应为 好、较好、一般、差 之一');
    expect(await refused((p) => (p.scores.XZ01['1.1'] = '九十'))).toContain('scores.XZ01["1.1"]：“城关镇”的指标“1.1 地区生产总值增速”：“九十”不是数字');
    expect(await refused((p) => (p.scores.XZ01['2.2'] = '通报批评一次'))).toContain('应写成“事由扣X分”');
  });

  it('bands with a gap are refused by the engine check, inside the transaction', async () => {
    expect(await refused((p) => (tree(p)[2].children[1].method.bands[0].max = 75))).toContain('计分档不连续');
  });
});

describe('the tree', () => {
  it('a cycle cannot be written: the tree is nested, and a parent reference is an unknown field', async () => {
    expect(await refused((p) => (tree(p)[0].children[0].parent = '1.1'))).toContain('categories[0].components[0].indicators[0].children[0]：（指标“地区生产总值增速”）不认识的字段 “parent”');
  });

  it('points of a node that do not sum are allowed, with a warning', async () => {
    const plan = structuredClone(example);
    tree(plan)[0].points = 45;
    const r = await importPlan(db.ctx, plan, 'warn.json');
    expect(r.warnings).toEqual(['categories[0].components[0].indicators[0]：指标“1 经济发展”分值 45 分，下级指标合计 40 分']);
  });
});

describe('weights and tallies', () => {
  it('weights that do not sum to 100 are refused by validateInput, and nothing is written', async () => {
    const msg = await refused((p) => (town(p).components[1].weight = 20));
    expect(msg).toContain('考核方案未通过计算前的检查');
    expect(msg).toContain('类别“乡镇”各考核构成的权重合计为 90%，应为 100%');
  });

  it('settings that the engine refuses (a tie-break by an unknown component) roll back too', async () => {
    expect(await refused((p) => (p.categories[1].settings.grading.tieBreak = ['XX']))).toContain('同分排序引用了不存在的考核构成“XX”');
  });

  it('negative votes', async () => {
    expect(await refused((p) => (p.ballots[0].votes['差'] = -1))).toContain('ballots[0].votes["差"]：不能小于 0');
  });

  it('more valid votes than present, more present than expected', async () => {
    const msg = await refused((p) => {
      p.ballots[0].valid = 20;
      p.ballots[0].votes['好'] = 17;
    });
    expect(msg).toContain('ballots[0].valid：“城关镇”的“县领导”测评有效票 20 张，多于实到 14 人');
    expect(await refused((p) => (p.ballots[1].present = 41))).toContain('ballots[1].present：“城关镇”的“班子成员和干部职工”测评实到 41 人，多于应到 40 人');
  });

  it('votes that do not add up to the valid ballots, or a level the category does not have', async () => {
    expect(await refused((p) => (p.ballots[0].votes['好'] = 10))).toContain('ballots[0].votes：“城关镇”的“县领导”测评各等次票数合计 13，与有效票 14 张不符');
    expect(await refused((p) => (p.ballots[0].votes['优'] = 0))).toContain('ballots[0].votes["优"]：测评等次“优”不在类别“乡镇”的民主测评等次（好、较好、一般、差）中');
  });
});

describe('the schema', () => {
  it('a misspelt field, a missing one, a wrong type', async () => {
    expect(await refused((p) => (p.units[0].categroy = '乡镇'))).toContain('units[0]：不认识的字段 “categroy”');
    expect(await refused((p) => delete p.units[0].name)).toContain('units[0].name：缺少此项（必填）');
    expect(await refused((p) => (p.cycle.year = '二〇二五'))).toContain('cycle.year：应为数字，实际是文字“二〇二五”');
  });

  it('every problem is listed, not only the first', async () => {
    const msg = await refused((p) => {
      p.units[0].category = '甲';
      p.units[1].category = '乙';
      p.ballots[3].group = '丙';
    });
    expect(msg).toContain('units[0].category');
    expect(msg).toContain('units[1].category');
    expect(msg).toContain('ballots[3].group');
  });

  it('not a plan at all', async () => {
    const before = rowCounts(db.ctx);
    await expect(importPlan(db.ctx, [1, 2, 3], 'array.json')).rejects.toThrow('（文件顶层）：应为对象');
    expect(rowCounts(db.ctx)).toEqual(before);
  });
});
