// Writes a plan as an Excel workbook (or, without one, the empty template):
// every sheet of xlsx-layout.ts with its headers, notes and drop-down lists,
// the indicator trees as rows with 编号 and 上级编号, the scores as a matrix
// per category. What it writes, xlsx.ts reads back.
import ExcelJS from 'exceljs';
import { COMPONENT_KIND_LABELS, CYCLE_STATUS_LABELS, EVENT_KIND_LABELS, POST_LABELS, type Method } from '../../../shared/domain.ts';
import {
  formatBands,
  formatBool,
  formatDeductions,
  formatEvalLevels,
  formatMethodParams,
  formatMultiplier,
  formatNumberPairs,
  formatSanctions,
  formatVoteRules,
  methodLabel,
} from './notation.ts';
import type { Plan } from './plan-schema.ts';
import { flattenCategory } from './tree.ts';
import { COLUMNS, COMPARE_LABELS, CYCLE_LABELS, KIND_LABELS, LEVEL_LABEL_BY_RANK, NONE, ROLE_LABELS, ROUNDING_LABELS, SHEET, type Column } from './xlsx-layout.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const VALIDATED_ROWS = 300;

function addTable(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: unknown[][], extraHeaders: string[] = []): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = [...columns.map((c) => (c.required ? `${c.header}*` : c.header)), ...extraHeaders];
  ws.addRow(headers);
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? 12;
    if (c.text) col.numFmt = '@';
    const cell = ws.getRow(1).getCell(i + 1);
    if (c.note) cell.note = c.note;
  });
  extraHeaders.forEach((_, i) => (ws.getColumn(columns.length + i + 1).width = 9));
  styleHeader(ws.getRow(1));
  for (const r of rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
  columns.forEach((c, i) => {
    const formula = c.list ? `"${c.list.join(',')}"` : c.listFrom;
    if (!formula) return;
    const letter = ws.getColumn(i + 1).letter;
    for (let r = 2; r <= Math.max(VALIDATED_ROWS, rows.length + 50); r++) {
      ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [formula], showErrorMessage: !c.listFrom, errorTitle: '不在可选范围内', error: c.list ? `请从下拉列表中选择：${c.list.join('、')}` : '' };
    }
  });
  return ws;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
}

const none = (v: unknown) => (v === null ? NONE : v);
const orEmpty = <T>(v: T | null | undefined, f: (x: T) => unknown) => (v === null ? NONE : v === undefined ? undefined : f(v));

const README: string[][] = [
  ['考核方案工作簿（kaohe import）'],
  ['用法：填好各工作表后，在命令行运行 kaohe import 数据库文件 本工作簿.xlsx；每次导入新建一个考核年度。出错时会指出工作表、行和列，并且什么都不写入。'],
  ['格式说明见 docs/plan-format.md；同样的内容也可以写成 JSON 文件（docs/plan.schema.json）。表头带 * 的列必填，表头单元格的批注说明了该列的写法。'],
  [''],
  ['工作表', '内容'],
  [SHEET.cycle, '第一列“名称”“年度”“组织单位”（“状态”可选），第二列填写内容。'],
  [SHEET.categories, '每行一个考核类别：名称、对象类型（单位/干部）、难度系数和等次规则；不填的规则取默认值，填“无”表示不设该项。'],
  [SHEET.components, '每行一个考核构成：所属类别、代码、名称、类型（指标计分/民主测评/平时考核/加减分/引用其他考核结果）、权重……'],
  [SHEET.indicators, '每行一个指标：类别、构成代码、编号、上级编号（可不填，按编号推断：1.2.3 的上级是 1.2）、名称、分值、计分方法及参数、责任单位、评分标准。有下级的指标不填计分方法。'],
  [SHEET.departments, '（可选）责任单位及联系人；不填本表时，以“指标”表中出现的责任单位为准。'],
  [SHEET.units, '每行一个被考核单位：代码、名称、考核类别、考核组（可选）。'],
  [SHEET.cadres, '每行一名干部：代码、姓名、所在单位代码、考核类别（干部类别）、职务类型（正职/副职）、职务。'],
  [SHEET.raters, '民主测评的测评组：对象类型（单位/干部）、名称、权重。'],
  [SHEET.groups, '（可选）考核组成员：考核组、姓名、角色（组长/副组长/A岗组员/B岗组员）、工作单位及职务。'],
  [SHEET.scores, '得分矩阵：表头行第一格为“代码”，其后各列为末级指标编号（可写成“1.1 指标名称”，编号后空一格）；每行一个单位或干部。可按类别分成几块（每块一个表头行），也可分成几个以“得分”开头的工作表。定性等级填等级文字，扣分制填“事由扣X分；事由扣Y分”或扣分合计。'],
  [SHEET.ballots, '每行一个对象一个测评组：应到、实到、有效票、无效票，其后各列为测评等次（好/较好/一般/差，或优秀/称职/基本称职/不称职）的票数。'],
  [SHEET.events, '加分、扣分、一票否决、一票否优、处分、立案审查事项：对象代码、类型、事项类别、分值、事由、同一荣誉、级别、依据文件、日期。'],
  [''],
  ['计分方法', '计分参数的写法（多项用“；”分隔）'],
  ['直接评分', '不填。责任单位直接给分，应在 0 到分值之间。'],
  ['完成率', '目标=100；上限=1.2（可选，默认1）；越低越好=是（可选）。得分 = 分值 × 实际 ÷ 目标，最多按上限计。'],
  ['标杆比较', '不填，或 越低越好=是。得分 = 分值 × 实际 ÷ 类别最好值。'],
  ['位次赋分', '步长=1.5；最低=6，或 分值表=10，9，8，7；倒数=是、越低越好=是（可选）。'],
  ['每…扣/加…分', '“每低于目标1个百分点扣0.5分”写成：低于=目标值；每=1；扣=0.5。“每超1岁扣0.5分”：高于=标准；每=1；扣=0.5。“每增长1%加0.2分”：高于=0；每=1；加=0.2；超额上限=2（可选）；整步=是（只按整单位计，可选）；基础分=（可选）。'],
  ['区间赋分', '档=0~80:4，80~90:6，90~95:8，95~:10（下限~上限:分数，含下限不含上限，最高档省略上限）；按比例=是 表示分数是分值的比例。'],
  ['插值计分', '档位=C:60:0.6，B:70:0.8，A:80:1（名称:阈值:系数），两档之间线性插值。'],
  ['定性等级', '等级=好:1，较好:0.85，一般:0.7，差:0.5（等级:得分比例）；得分表中填等级文字。'],
  ['扣分制', '不填。得分 = 分值 − 扣分合计，扣完为止；得分表中填“事由扣X分；事由扣Y分”。'],
];

/**
 * Writes a plan as a workbook, every sheet with its headers, notes and
 * drop-down lists; without a plan, the empty template.
 */
export async function writePlanWorkbook(plan: Plan | null, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '考核评价桌面系统';
  wb.created = new Date(Date.UTC(2025, 0, 1));
  wb.modified = wb.created;

  const readme = wb.addWorksheet(SHEET.readme);
  readme.getColumn(1).width = 16;
  readme.getColumn(2).width = 120;
  for (const line of README) readme.addRow(line);
  readme.getRow(1).font = { bold: true, size: 14 };
  for (const r of [5, 19]) styleHeader(readme.getRow(r));
  readme.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  // 考核年度
  const cycle = wb.addWorksheet(SHEET.cycle);
  cycle.getColumn(1).width = 12;
  cycle.getColumn(2).width = 36;
  cycle.addRow(['项目', '内容']);
  styleHeader(cycle.getRow(1));
  cycle.addRow([CYCLE_LABELS.name, plan?.cycle.name ?? null]);
  cycle.addRow([CYCLE_LABELS.year, plan?.cycle.year ?? null]);
  cycle.addRow([CYCLE_LABELS.organ, plan?.cycle.organ ?? null]);
  cycle.addRow([CYCLE_LABELS.status, plan?.cycle.status ? CYCLE_STATUS_LABELS[plan.cycle.status] : null]);
  cycle.getCell('B5').dataValidation = { type: 'list', allowBlank: true, formulae: [`"${Object.values(CYCLE_STATUS_LABELS).join(',')}"`] };
  cycle.getCell('B5').note = '可不填，默认 采集中';

  const cats = plan?.categories ?? [];
  addTable(
    wb,
    SHEET.categories,
    COLUMNS.categories,
    cats.map((c) => {
      const s = c.settings ?? {};
      const g = s.grading ?? {};
      const b = s.bonus ?? {};
      return [
        c.name,
        KIND_LABELS[c.kind],
        c.difficulty,
        orEmpty(g.grades, (x) => x.join('、')),
        none(g.topQuotaPercent),
        orEmpty(g.rounding, (x) => ROUNDING_LABELS[x]),
        none(g.topMinTotal),
        orEmpty(g.bands, (x) => (x.length === 0 ? NONE : formatBands(x))),
        none(g.bottomBelowTotal),
        none(g.bottomQuotaPercent),
        orEmpty(g.topMinComponent, (x) => `${x.component}:${x.min}`),
        orEmpty(g.tieBreak, (x) => x.join('、')),
        orEmpty(g.compareWithin, (x) => COMPARE_LABELS[x]),
        orEmpty(g.linkage, formatNumberPairs),
        orEmpty(g.voteRules, formatVoteRules),
        orEmpty(g.sanctions, (x) => (Object.keys(x).length === 0 ? NONE : formatSanctions(x))),
        orEmpty(b.kindCaps, (x) => (Object.keys(x).length === 0 ? NONE : formatNumberPairs(x))),
        none(b.totalCap),
        none(b.deductionCap),
        none(s.decimals),
        orEmpty(s.normalizeToBest, formatBool),
        orEmpty(s.multiplier, formatMultiplier),
        orEmpty(s.minSpread, (x) => Number((x * 100).toPrecision(12))),
      ];
    }),
  );

  addTable(
    wb,
    SHEET.components,
    COLUMNS.components,
    cats.flatMap((c) =>
      c.components.map((k) => [
        c.name,
        k.code,
        k.name,
        COMPONENT_KIND_LABELS[k.kind],
        k.weight ?? undefined,
        k.fullPoints,
        orEmpty(k.normalizeTo100, formatBool),
        orEmpty(k.applyDifficulty, formatBool),
        orEmpty(k.evalLevels, formatEvalLevels),
        k.source?.cycle,
        k.source?.component,
        k.source?.label,
        k.codePrefix,
      ]),
    ),
  );

  addTable(
    wb,
    SHEET.indicators,
    COLUMNS.indicators,
    cats.flatMap((c, ci) =>
      flattenCategory(c, ['categories', ci]).map((f) => {
        const m: Method | undefined = f.node.method;
        return [c.name, c.components[f.componentIndex]!.code, f.code, f.parentCode ?? undefined, f.node.name, f.node.points, m ? methodLabel(m.type) : undefined, m ? formatMethodParams(m) || undefined : undefined, f.node.department, f.node.description];
      }),
    ),
  );

  addTable(
    wb,
    SHEET.departments,
    COLUMNS.departments,
    (plan?.departments ?? []).map((d) => (typeof d === 'string' ? [d] : [d.name, d.contact])),
  );

  const groupOfUnit = new Map<string, string>();
  for (const g of plan?.assessmentGroups ?? []) for (const u of g.units ?? []) groupOfUnit.set(u, g.name);
  addTable(wb, SHEET.units, COLUMNS.units, (plan?.units ?? []).map((u) => [u.code, u.name, u.category, groupOfUnit.get(u.code)]));
  addTable(wb, SHEET.cadres, COLUMNS.cadres, (plan?.cadres ?? []).map((c) => [c.code, c.name, c.unit, c.category, POST_LABELS[c.post], c.title]));
  addTable(wb, SHEET.raters, COLUMNS.raters, (plan?.raterGroups ?? []).map((g) => [KIND_LABELS[g.kind], g.name, g.weight]));
  addTable(
    wb,
    SHEET.groups,
    COLUMNS.groups,
    (plan?.assessmentGroups ?? []).flatMap((g) => (g.members ?? []).map((m) => [g.name, m.name, ROLE_LABELS[m.role], m.affiliation])),
  );

  // 得分: a block per category, its leaves as columns, its units or cadres as rows
  const scoreSheet = wb.addWorksheet(SHEET.scores, { views: [{ state: 'frozen', xSplit: 2 }] });
  scoreSheet.getColumn(1).width = 10;
  scoreSheet.getColumn(1).numFmt = '@';
  scoreSheet.getColumn(2).width = 16;
  if (!plan) {
    scoreSheet.addRow(['代码', '名称', '1.1 （指标编号 指标名称）', '1.2']);
    styleHeader(scoreSheet.getRow(1));
    scoreSheet.getRow(1).getCell(1).note = '表头行第一格为“代码”，其后各列为末级指标编号（编号后可空一格写名称）。可按类别分成几块，每块一个表头行。';
  }
  const subjectsOf = (catName: string) => [
    ...(plan?.units ?? []).filter((u) => u.category === catName).map((u) => ({ code: u.code, name: u.name })),
    ...(plan?.cadres ?? []).filter((c) => c.category === catName).map((c) => ({ code: c.code, name: c.name })),
  ];
  cats.forEach((c, ci) => {
    const leaves = flattenCategory(c, ['categories', ci]).filter((f) => f.isLeaf);
    const subjects = subjectsOf(c.name);
    if (leaves.length === 0 || subjects.length === 0) return;
    if (scoreSheet.rowCount > 0) scoreSheet.addRow([]);
    const header = scoreSheet.addRow(['代码', '名称', ...leaves.map((l) => `${l.code} ${l.node.name}`)]);
    styleHeader(header);
    header.getCell(1).note = `类别“${c.name}”`;
    leaves.forEach((_, i) => (scoreSheet.getColumn(i + 3).width = Math.max(scoreSheet.getColumn(i + 3).width ?? 0, 12)));
    for (const s of subjects) {
      const cells = plan?.scores?.[s.code] ?? {};
      scoreSheet.addRow([
        s.code,
        s.name,
        ...leaves.map((l) => {
          const v = cells[l.code];
          if (v === undefined || v === null) return null;
          if (Array.isArray(v)) return v.length === 0 ? 0 : formatDeductions(v); // 0: reported, nothing deducted
          if (typeof v === 'object') return v.deductions ? formatDeductions(v.deductions) : (v.text ?? v.value ?? null);
          return v;
        }),
      ]);
    }
  });

  // 民主测评
  const levelNames: string[] = [];
  for (const c of cats) {
    for (const k of c.components) {
      if (k.kind !== 'democratic') continue;
      const levels = k.evalLevels ?? (c.kind === 'unit' ? ['好', '较好', '一般', '差'] : ['优秀', '称职', '基本称职', '不称职']).map((name) => ({ name }));
      for (const l of levels) if (!levelNames.includes(l.name)) levelNames.push(l.name);
    }
  }
  for (const b of plan?.ballots ?? []) for (const l of Object.keys(b.votes)) if (!levelNames.includes(l)) levelNames.push(l);
  if (!plan) levelNames.push('好', '较好', '一般', '差', '优秀', '称职', '基本称职', '不称职');
  const nameOf = new Map<string, string>([...(plan?.units ?? []), ...(plan?.cadres ?? [])].map((s) => [s.code, s.name]));
  addTable(
    wb,
    SHEET.ballots,
    COLUMNS.ballots,
    (plan?.ballots ?? []).map((b) => [b.subject, nameOf.get(b.subject), b.group, b.expected, b.present, b.valid, b.invalid, ...levelNames.map((l) => b.votes[l])]),
    levelNames,
  );

  addTable(
    wb,
    SHEET.events,
    COLUMNS.events,
    (plan?.events ?? []).map((e) => [
      e.subject,
      nameOf.get(e.subject),
      EVENT_KIND_LABELS[e.kind],
      e.type,
      e.points,
      e.reason,
      e.honourKey,
      typeof e.level === 'number' ? (LEVEL_LABEL_BY_RANK.get(e.level) ?? e.level) : e.level,
      e.evidence,
      e.date,
      e.closedOn,
    ]),
  );

  await wb.xlsx.writeFile(file);
}

/** The empty template: every sheet with its headers, notes, drop-down lists and the 说明 sheet. */
export function writePlanTemplate(file: string): Promise<void> {
  return writePlanWorkbook(null, file);
}
