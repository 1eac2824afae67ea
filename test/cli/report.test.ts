// `kaohe report <db> --out <dir>`: the notice, every letter and the ranking
// tables of the newest year, as a user runs it; refused in Chinese while the
// year is not 评定中 or 已发布.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = tempDir();
const db = path.join(dir, 'demo.db');
const out = path.join(dir, '文书');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const kaohe = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/kaohe.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });

const files = (d: string): string[] => fs.readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe('kaohe report', () => {
  it('refuses a year in 采集中, saying which states allow documents', () => {
    expect(kaohe('demo', db).status).toBe(0);
    expect(kaohe('compute', db).status).toBe(0);
    const r = kaohe('report', db, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('采集中');
    expect(r.stderr).toContain('只有“评定中”或“已发布”的年度才能生成文书');
  }, 120_000);

  it('needs --out', () => {
    const r = kaohe('report', db);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--out');
  });

  it('refuses letters without a contact, naming the setting', () => {
    expect(kaohe('status', db, '1', 'grading').status).toBe(0);
    const r = kaohe('report', db, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('“联系人”、“联系电话”');
  }, 60_000);

  it('writes the notice, a letter per unit and the ranking tables, named for what they are', () => {
    const r = kaohe('report', db, '--out', out, '--contact', '王明', '--phone', '0316-5126688');
    expect(r.stderr).not.toContain('错误');
    expect(r.status).toBe(0);
    const names = files(out);
    expect(names.filter((n) => n.includes('通报'))).toHaveLength(1); // nothing was written by the refused run
    const letters = names.filter((n) => n.endsWith('-考核反馈函.docx'));
    expect(letters).toHaveLength(52);
    expect(letters).toContain('考核办函〔' + letters[0]!.slice(5, 9) + '〕1号-城关镇-考核反馈函.docx');
    expect(names.filter((n) => n.includes('排名表'))).toHaveLength(2);
    expect(names.filter((n) => n.includes('干部等次名册'))).toHaveLength(2);
    expect(r.stdout).toContain('反馈函：52 份');
  }, 120_000);
});
