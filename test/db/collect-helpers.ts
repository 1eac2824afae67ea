// Fixtures for the collection tests: a small plan through the real handlers,
// a checksum of the data, and a zip writer for hostile archives.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { TestApp } from '../helpers.ts';

export interface Plan {
  cycleId: number;
  categoryId: number;
  cadreCategoryId: number;
  units: Record<string, number>;
  depId: number;
  otherDepId: number;
  leafA: number;
  leafB: number;
  leafC: number;
  raterGroupId: number;
  democraticId: number;
}

export async function smallPlan(app: TestApp, name = '2025年度综合考核', year = 2025): Promise<Plan> {
  const cycleId = (await app.call('createCycle', { name, year })).id;
  const categoryId = (await app.call('createCategory', { cycleId, kind: 'unit', name: '一类乡镇' })).id;
  const cadreCategoryId = (await app.call('createCategory', { cycleId, kind: 'cadre', name: '乡镇党政正职' })).id;
  const units: Record<string, number> = {};
  for (const n of ['城关镇', '河西镇', '东山乡']) units[n] = (await app.call('saveUnit', { cycleId, categoryId, name: n })).id;
  const depId = (await app.call('saveDepartment', { cycleId, name: '县发改委', contact: '张科长 1234567' })).id;
  const otherDepId = (await app.call('saveDepartment', { cycleId, name: '县财政局' })).id;
  const root = await app.call('saveIndicator', { categoryId, parentId: null, name: '经济发展', fullPoints: 60 });
  const leafA = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '地区生产总值增长', fullPoints: 30, departmentId: depId })).id;
  const leafB = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '营商环境', fullPoints: 20, departmentId: depId, method: { type: 'letter', letters: [{ letter: '好', fraction: 1 }, { letter: '中', fraction: 0.8 }, { letter: '差', fraction: 0.5 }] } })).id;
  const leafC = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '一般预算收入', fullPoints: 10, departmentId: otherDepId })).id;
  const democraticId = (await app.call('saveComponent', { categoryId, code: 'CP', name: '民主测评', kind: 'democratic', weight: null, fullPoints: 40, normalizeTo100: false, applyDifficulty: false })).id;
  const raterGroupId = (await app.db.insertInto('rater_groups').values({ cycle_id: cycleId, subject_kind: 'unit', name: '班子成员', weight: 1, sort_order: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  const cell = (u: string, i: number, value: number | null, text?: string) => ({ indicatorId: i, subjectKey: `unit:${units[u]}`, value, ...(text ? { text } : {}) });
  await app.call('setScores', {
    cells: [cell('城关镇', leafA, 25), cell('河西镇', leafA, 20), cell('东山乡', leafA, 15), cell('城关镇', leafB, null, '好'), cell('河西镇', leafB, null, '中'), cell('东山乡', leafB, null, '差'), cell('城关镇', leafC, 9), cell('河西镇', leafC, 8), cell('东山乡', leafC, 7)],
  });
  await app.call('computeCycle', { cycleId });
  return { cycleId, categoryId, cadreCategoryId, units, depId, otherDepId, leafA, leafB, leafC, raterGroupId, democraticId };
}

/** A digest of everything a write could change (audit rows aside). */
export function dataChecksum(app: TestApp): string {
  const h = crypto.createHash('sha256');
  for (const t of ['cycles', 'categories', 'components', 'indicators', 'departments', 'units', 'cadres', 'assessment_groups', 'group_members', 'group_units', 'score_entries', 'eval_ballots', 'events', 'results']) {
    h.update(JSON.stringify(app.raw.prepare(`select * from ${t} order by rowid`).all()));
  }
  return h.digest('hex');
}

/** A zip archive written by hand (stored or deflated entries), so a test can make the central directory say what it likes. */
export function makeZip(entries: { name: string; data: Buffer; deflate?: boolean; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const crc = e.data.length > 50_000_000 ? 0 : crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
