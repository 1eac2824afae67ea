// The `kaohe` command line, run as a user runs it: a real process on a real file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = tempDir();
const db = path.join(dir, 'demo.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function kaohe(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/kaohe.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

interface JsonResult {
  kind: 'unit' | 'cadre';
  code: string;
  name: string;
  category: string;
  total: number;
  rank: number;
  rankOf: number;
  grade: string;
}

describe('kaohe demo, then kaohe compute --json', () => {
  it('creates the demo database', () => {
    const r = kaohe('demo', db);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('示范方案');
    expect(fs.existsSync(db)).toBe(true);
  });

  it('prints every unit and cadre with total, rank in its category and grade', () => {
    const r = kaohe('compute', db, '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: JsonResult[] };
    const units = doc.results.filter((x) => x.kind === 'unit');
    const cadres = doc.results.filter((x) => x.kind === 'cadre');
    expect(units.length).toBeGreaterThanOrEqual(50);
    expect(cadres.length).toBeGreaterThanOrEqual(250);
    for (const x of doc.results) {
      expect(x.code).not.toBe('');
      expect(x.name).not.toBe('');
      expect(x.category).not.toBe('');
      expect(Number.isFinite(x.total)).toBe(true);
      expect(x.rank).toBeGreaterThanOrEqual(1);
      expect(x.rank).toBeLessThanOrEqual(x.rankOf);
      expect(['优秀', '良好', '一般', '较差', '称职', '基本称职', '不称职', '不确定等次']).toContain(x.grade);
    }
    // units are ranked within their category: every category has its own first place
    const categories = new Set(units.map((x) => x.category));
    for (const c of categories) {
      const inCat = units.filter((x) => x.category === c);
      expect(inCat.some((x) => x.rank === 1)).toBe(true);
      const best = Math.max(...inCat.map((x) => x.total));
      expect(inCat.filter((x) => x.rank === 1).every((x) => x.total === best)).toBe(true);
    }
  });

  it('ranks deputies within their team, as the demo plan says', () => {
    const doc = JSON.parse(kaohe('compute', db, '--json').stdout) as { results: (JsonResult & { unit: string })[] };
    const deputies = doc.results.filter((x) => x.category === '乡镇副职');
    const team = deputies.filter((x) => x.unit === deputies[0]!.unit);
    expect(team.every((x) => x.rankOf === team.length)).toBe(true);
    expect(team.some((x) => x.rank === 1)).toBe(true);
  });

  it('prints a readable table without --json', () => {
    const r = kaohe('compute', db);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/【.+】/);
    expect(r.stdout).toContain('排名');
  });
});

describe('errors', () => {
  it('a missing database: message on stderr, non-zero exit', () => {
    const r = kaohe('compute', path.join(dir, 'nope.db'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('不存在');
  });

  it('an unknown command or missing argument: usage on stderr, exit 2', () => {
    expect(kaohe('frobnicate').status).toBe(2);
    const r = kaohe('demo');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('用法');
  });
});
