// `kaohe import` and `kaohe template` through the real command-line process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { EXAMPLE_JSON, EXAMPLE_XLSX, readJson, root } from './helpers.ts';

const dir = tempDir('kaohe-import-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function kaohe(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/kaohe.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

interface JsonResult {
  code: string;
  total: number;
  rank: number;
  grade: string;
  category: string;
}

describe('kaohe import, then kaohe compute --json', () => {
  const db = path.join(dir, 'new', 'plan.db');

  it('creates the database and prints what was imported', () => {
    expect(fs.existsSync(db)).toBe(false);
    const r = kaohe('import', db, EXAMPLE_JSON);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('导入考核年度“2025年度综合考核”');
    expect(r.stdout).toContain('6 个单位');
    expect(r.stdout).toContain('得分 48 项');
    expect(fs.existsSync(db)).toBe(true);
  });

  it('computes the imported plan', () => {
    const r = kaohe('compute', db, '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { cycle: { name: string }; results: JsonResult[] };
    expect(doc.cycle.name).toBe('2025年度综合考核');
    const by = new Map(doc.results.map((x) => [x.code, x]));
    expect(doc.results).toHaveLength(6);
    expect(by.get('XZ01')).toMatchObject({ total: 98.8292, rank: 1, grade: '优秀', category: '乡镇' });
    expect(by.get('BM02')).toMatchObject({ total: 99.3092, rank: 1, grade: '优秀', category: '县直部门' });
    expect(by.get('XZ03')).toMatchObject({ rank: 3, grade: '一般' });
  });

  it('imports the workbook as a second cycle with the same results', () => {
    const r = kaohe('import', db, EXAMPLE_XLSX);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('编号 2');
    const doc = JSON.parse(kaohe('compute', db, '--json', '--cycle', '2').stdout) as { results: JsonResult[] };
    expect(doc.results.find((x) => x.code === 'XZ01')!.total).toBe(98.8292);
  });
});

describe('errors', () => {
  it('a bad plan: the path on stderr, exit 1, nothing written', () => {
    const db = path.join(dir, 'bad.db');
    const plan = readJson<{ units: { category: string }[] }>(EXAMPLE_JSON);
    plan.units[3]!.category = '四类乡镇';
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(plan));
    const r = kaohe('import', db, file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('units[3].category：类别“四类乡镇”不存在');
    const c = kaohe('compute', db);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('还没有考核年度');
  });

  it('a file that is not JSON, a file that does not exist, a missing argument', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{ "cycle": ');
    const r = kaohe('import', path.join(dir, 'x.db'), file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('不是有效的 JSON');
    expect(kaohe('import', path.join(dir, 'x.db'), path.join(dir, 'nope.json')).stderr).toContain('不存在');
    const u = kaohe('import', path.join(dir, 'x.db'));
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('kaohe import');
  });
});

describe('kaohe template', () => {
  it('writes the empty workbook', () => {
    const file = path.join(dir, '模板.xlsx');
    const r = kaohe('template', file);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('模板');
    expect(fs.statSync(file).size).toBeGreaterThan(5000);
    expect(kaohe('template', path.join(dir, 'x.json')).status).toBe(2);
  });
});
