// The `kaohe` command line, run as a user runs it: a real process on a real file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYCLE_STATUSES, CYCLE_STATUS_LABELS, type CycleStatus } from '../../shared/domain.ts';
import { main } from '../../electron/cli/kaohe.ts';
import { tempDir } from '../helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = tempDir();
const db = path.join(dir, 'demo.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function kaohe(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/kaohe.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

/** The same entry point in this process: for the many command-line mistakes, which never open a database. */
async function kaoheHere(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { status, stdout, stderr };
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

interface JsonCycle {
  id: number;
  name: string;
  year: number;
  status: CycleStatus;
}

interface JsonCheck {
  code: string;
  kind: string;
  severity: 'error' | 'warning';
  message: string;
  place: { category: string; categoryId: number; indicatorCode: string | null; department: string | null };
  figures: Record<string, number | string>;
}

function cyclesJson(file: string): JsonCycle[] {
  const r = kaohe('cycles', file, '--json');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as JsonCycle[];
}

describe('kaohe cycles', () => {
  it('lists each year with id, name, year and state: the code in JSON', () => {
    const cycles = cyclesJson(db);
    expect(cycles).toHaveLength(1);
    const [c] = cycles;
    expect(Object.keys(c!).sort()).toEqual(['id', 'name', 'status', 'year']);
    expect(c!.id).toBeGreaterThan(0);
    expect(c!.name).toMatch(/考核/);
    expect(c!.year).toBeGreaterThan(2000);
    expect(CYCLE_STATUSES).toContain(c!.status);
  });

  it('the Chinese label in the table', () => {
    const [c] = cyclesJson(db);
    const r = kaohe('cycles', db);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/编号\s+名称\s+年度\s+状态/);
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${c!.id} `))!;
    expect(line).toContain(c!.name);
    expect(line).toContain(String(c!.year));
    expect(line).toContain(CYCLE_STATUS_LABELS[c!.status]);
    expect(line).not.toContain(c!.status);
  });
});

describe('kaohe checks and compute --json carry the checks', () => {
  it('checks --json: each year with its checks, each with a code, its place and its figures', () => {
    const r = kaohe('checks', db, '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { cycles: (JsonCycle & { checks: JsonCheck[] })[] };
    expect(doc.cycles).toHaveLength(1);
    const { checks } = doc.cycles[0]!;
    expect(checks.length).toBeGreaterThan(0); // the demo plan has indicators with too little spread
    for (const x of checks) {
      expect(x.code).toMatch(/^[a-z_]+$/);
      expect(['error', 'warning']).toContain(x.severity);
      expect(x.message).not.toBe('');
      expect(x.place.category).not.toBe('');
      expect(typeof x.figures).toBe('object');
    }
    expect(checks.some((x) => Object.keys(x.figures).length > 0)).toBe(true);
  });

  it('checks: a readable list, in Chinese, with the codes', () => {
    const r = kaohe('checks', db);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/个错误，\d+ 个提醒|检查通过/);
    expect(r.stdout).toMatch(/(错误|提醒) {2}\[[a-z_]+\] 【/);
  });

  it('compute --json has the checks of the year it computed', () => {
    const doc = JSON.parse(kaohe('compute', db, '--json').stdout) as { cycle: JsonCycle; checks: JsonCheck[] };
    expect(doc.checks.length).toBeGreaterThan(0);
    expect(doc.checks.every((x) => typeof x.code === 'string' && x.code !== '')).toBe(true);
  });
});

describe('kaohe status: the year\'s lifecycle', () => {
  // a database of its own: these tests move the year through its states
  const life = path.join(dir, 'life.db');
  let cycle: JsonCycle;
  const next = (s: CycleStatus) => CYCLE_STATUSES[CYCLE_STATUSES.indexOf(s) + 1]!;
  beforeAll(() => {
    expect(kaohe('demo', life).status).toBe(0);
    cycle = cyclesJson(life)[0]!;
  });

  it('moves forward one state, named by code or by its Chinese label', () => {
    const to = next(cycle.status);
    const r = kaohe('status', life, String(cycle.id), CYCLE_STATUS_LABELS[to]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`变更为“${CYCLE_STATUS_LABELS[to]}”`);
    expect(cyclesJson(life)[0]!.status).toBe(to);
  });

  it('finds the year by its name too, and walks on to published (once computed)', () => {
    const refused = kaohe('status', life, cycle.name, 'published');
    expect(refused.status).toBe(1);
    expect(kaohe('compute', life).status).toBe(0);
    for (let s = cyclesJson(life)[0]!.status; s !== 'published'; s = next(s)) {
      const r = kaohe('status', life, cycle.name, next(s));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(cyclesJson(life)[0]!.status).toBe('published');
  });

  // Relies on the lifecycle rule of electron/core/services/cycles.ts and
  // shared/lifecycle.ts (a step back from 已发布 needs a written reason).
  it('a step back from published without --reason is refused in Chinese, exit 1, nothing changed', () => {
    const r = kaohe('status', life, String(cycle.id), 'grading');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^错误：.*理由/);
    expect(cyclesJson(life)[0]!.status).toBe('published');
  });

  it('with --reason it goes back', () => {
    const r = kaohe('status', life, String(cycle.id), '评定中', '--reason', '发现两个单位的得分录入有误，需更正后重新发布');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(cyclesJson(life)[0]!.status).toBe('grading');
  });

  it('a refused move (skipping states) exits 1 with the Chinese message', () => {
    const r = kaohe('status', life, String(cycle.id), 'archived');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^错误：.*[\u4e00-\u9fff]/);
  });

  it('an unknown year exits 1', () => {
    const r = kaohe('status', life, '999', 'draft');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('999');
  });
});

describe('errors', () => {
  it('a missing database: message on stderr, non-zero exit', () => {
    const r = kaohe('compute', path.join(dir, 'nope.db'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('不存在');
  });

  it('an unknown command or missing argument: usage on stderr, exit 2', async () => {
    expect(kaohe('frobnicate').status).toBe(2);
    const r = kaohe('demo');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('用法');
    for (const args of [['status', db], ['status', db, '1'], ['checks'], ['cycles']]) {
      const x = await kaoheHere(...args);
      expect(x.status, args.join(' ')).toBe(2);
      expect(x.stderr, args.join(' ')).toMatch(/^错误：kaohe \w+ 需要/);
    }
  });

  it('an unknown option, a missing value or a value for a flag: Chinese usage, exit 2', async () => {
    const r = kaohe('cycles', db, '--frob');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^错误：kaohe cycles 没有选项“--frob”。\n\n用法：/);
    for (const [args, says] of [
      [['cycles', db, '--frob'], '没有选项“--frob”'],
      [['compute', db, '-x'], '没有选项“-x”'],
      [['checks', db, '--reason', 'x'], '没有选项“--reason”'],
      [['compute', db, '--cycle'], '选项 --cycle 需要一个值'],
      [['compute', db, '--cycle', '--json'], '选项 --cycle 需要一个值'],
      [['status', db, '1', 'grading', '--reason'], '选项 --reason 需要一个值'],
      [['cycles', db, '--json=yes'], '选项 --json 不带值'],
      [['cycles', db, 'extra'], '多了参数“extra”'],
      [['status', db, '1', 'evaluating'], '不认识的状态“evaluating”'],
    ] as const) {
      const r = await kaoheHere(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, args.join(' ')).toContain(says);
      expect(r.stderr).toContain('用法');
    }
  });

  it('a missing database is not created by the commands that read one', () => {
    for (const cmd of ['cycles', 'checks', 'compute']) {
      const missing = path.join(dir, `${cmd}-nope.db`);
      const r = kaohe(cmd, missing);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('不存在');
      expect(fs.existsSync(missing)).toBe(false);
    }
  });

  it('help: usage on stdout, exit 0', () => {
    const r = kaohe('status', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kaohe status');
  });
});
