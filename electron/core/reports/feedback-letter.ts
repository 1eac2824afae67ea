// 考核反馈函: one unit's letter in the letter format (信函格式) of GB/T 9704-2012,
// as a content model (previewed as it is) laid out by gbt9704.ts.
import type { FeedbackComponentRow, FeedbackIndicatorRow, FeedbackLetterData } from './feedback-data.ts';
import { renderDocx } from './gbt9704.ts';
import { cell, p, type Block, type DocModel, type DocumentFonts, type TableBlock, type TableCell } from './model.ts';
import { DEFAULT_FONTS, chineseNumber, makeFormat, sentence, type Format } from './text.ts';

function table(columns: TableBlock['columns'], titles: string[], rows: (TableCell | string)[][]): TableBlock {
  return { type: 'table', columns, header: [titles.map((t) => cell(t))], rows: rows.map((r) => r.map((c) => (typeof c === 'string' ? cell(c) : c))) };
}

function changeFromLastYear(data: FeedbackLetterData, f: Format): string {
  const last = data.lastYear;
  if (!last) return '';
  const scoreDelta = Number(f.fixed(data.total - last.total));
  const scorePart = scoreDelta > 0 ? `得分增加${f.fixed(scoreDelta)}分` : scoreDelta < 0 ? `得分减少${f.fixed(-scoreDelta)}分` : '得分持平';
  // a rank among one is no rank: then only the score is compared
  if (last.rankOf === 1 || data.rankOf === 1) {
    return `上年度你单位得分${f.fixed(last.total)}分，等次为“${last.grade}”；本年度${scoreDelta === 0 ? '得分与上年持平' : `较上年${scorePart}`}。`;
  }
  const rankDelta = last.rank - data.rank;
  const rankPart = rankDelta > 0 ? `提高${rankDelta}位` : rankDelta < 0 ? `下降${-rankDelta}位` : '名次持平';
  const change = rankDelta === 0 && scoreDelta === 0 ? '与上年持平' : `较上年${rankPart}、${scorePart}`;
  return `上年度你单位得分${f.fixed(last.total)}分，排名第${last.rank}位，等次为“${last.grade}”；本年度${change}。`;
}

/** The grade as decided: the stored restriction and the committee's adjustment, in words. */
function gradeSentences(data: FeedbackLetterData): string {
  const out: string[] = [];
  const r = data.restriction;
  if (r) out.push(`根据考核办法，${sentence(r.reason).replace(/。$/, '')}，等次确定为“${data.computedGrade}”。`);
  else if (data.quotaNote) out.push(`按照考核办法的等次名额，${data.categoryName}${data.quotaNote.replace(/^(\d+)人×/, '$1个单位×')}，等次确定为“${data.computedGrade}”。`);
  if (data.adjustment) out.push(`经考核委员会研究，你单位等次由“${data.adjustment.from}”调整为“${data.adjustment.to}”，理由：${sentence(data.adjustment.reason)}`);
  return out.join('');
}

function indicatorName(row: FeedbackIndicatorRow): string {
  const parts = row.name.split(' / ');
  return parts[parts.length - 1]!.trim();
}

function componentRow(c: FeedbackComponentRow, data: FeedbackLetterData, f: Format): string[] {
  const full = c.full !== null ? f.fixed(c.full) : data.bonus?.totalCap != null ? `上限${f.fixed(data.bonus.totalCap)}` : '—';
  return [c.name, full, c.kind === 'bonus' ? f.signed(c.score) : f.fixed(c.score), f.weight(c.weight), c.kind === 'bonus' ? f.signed(c.contribution) : f.fixed(c.contribution)];
}

export function feedbackLetterModel(data: FeedbackLetterData, fonts: DocumentFonts = DEFAULT_FONTS): DocModel {
  const f = makeFormat(data.decimals);
  const blocks: Block[] = [];
  let section = 0;
  const heading = (text: string) => blocks.push(p('heading1', `${chineseNumber(++section)}、${text}`));
  const numbered = (items: readonly string[]) => items.forEach((t, i) => blocks.push(p('body', `${i + 1}.${sentence(t)}`)));

  blocks.push(p('organMark', data.organ), p('docNumber', data.docNumber), p('title', `关于${data.year}年度综合考核结果的反馈函`), p('recipients', `${data.unitName}：`));
  blocks.push(p('body', `根据${data.cycleName}工作安排，经综合评定，现将你单位考核结果及有关情况反馈如下。`));

  heading('考核总体情况');
  blocks.push(
    p(
      'body',
      `你单位${data.year}年度综合考核总得分${f.fixed(data.total)}分，${data.rankOf === 1 ? `${data.categoryName}仅你单位1个被考核单位` : `在${data.categoryName}${data.rankOf}个单位中排名第${data.rank}位`}，考核等次为“${data.grade}”。` +
        gradeSentences(data) +
        changeFromLastYear(data, f),
    ),
  );

  heading('各项得分情况');
  let sub = 0;
  const subheading = (text: string) => blocks.push(p('heading2', `（${chineseNumber(++sub)}）${text}`));
  subheading('考核构成得分');
  blocks.push(
    table(
      [
        { width: 3, align: 'left' },
        { width: 2, align: 'right' },
        { width: 2, align: 'right' },
        { width: 2, align: 'right' },
        { width: 2, align: 'right' },
      ],
      ['构成', '满分', '得分', '权重', '计入总分'],
      [...data.components.map((c) => componentRow(c, data, f)), [cell('合计', { bold: true }), '', '', '', cell(f.fixed(data.total), { bold: true })]],
    ),
  );
  if (data.indicators.length > 0) {
    subheading('分项指标得分');
    blocks.push(
      table(
        // in millimetres of the 156 mm type area: the name wide enough for most indicators on one line
        [
          { width: 12, align: 'left' },
          { width: 60, align: 'left' },
          { width: 14, align: 'right' },
          { width: 14, align: 'right' },
          { width: 13, align: 'right' },
          { width: 43, align: 'left' },
        ],
        ['序号', '指标', '分值', '得分', '失分', '失分说明'],
        data.indicators.map((row) => {
          const top = row.level <= 1;
          return [
            cell(row.code, { bold: top }),
            cell(indicatorName(row), { bold: top, indent: Math.max(0, row.level - 1) * 0.75 }),
            cell(f.fixed(row.full), { bold: top }),
            cell(f.fixed(row.score), { bold: top }),
            cell(f.fixed(row.lost), { bold: top }),
            cell(row.isLeaf ? row.why : ''),
          ];
        }),
      ),
    );
  }
  if (data.routine) {
    const r = data.routine;
    subheading(r.component.name);
    // its full points, score, weight and share of the total are the components table's row: not said again
    blocks.push(
      table(
        [
          { width: 36, align: 'left' },
          { width: 16, align: 'right' },
          { width: 16, align: 'right' },
          { width: 16, align: 'right' },
          { width: 52, align: 'left' },
        ],
        ['事项', '分值', '得分', '失分', '说明'],
        r.items.map((i) => [indicatorName(i), f.fixed(i.full), f.fixed(i.score), f.fixed(i.lost), i.why]),
      ),
    );
  }

  if (data.bonus) {
    const b = data.bonus;
    heading('加减分情况');
    const caps = [
      ...Object.entries(b.kindCaps).map(([k, v]) => `${k}不超过${f.fixed(v)}分`),
      ...(b.totalCap !== null ? [`加分合计不超过${f.fixed(b.totalCap)}分`] : []),
      ...(b.deductionCap !== null ? [`扣分合计不超过${f.fixed(b.deductionCap)}分`] : []),
    ];
    const capText = caps.length > 0 ? `按照考核办法，${caps.join('，')}。` : '';
    if (b.items.length === 0) blocks.push(p('body', `本年度你单位无加减分事项。${capText}`));
    else {
      const sum = (kind: 'bonus' | 'deduction') => b.items.filter((x) => x.kind === kind).reduce((s, x) => s + Math.abs(x.counted), 0);
      const signed = (kind: 'bonus' | 'deduction', n: number) => `${kind === 'bonus' ? '+' : '−'}${f.fixed(Math.abs(n))}`;
      blocks.push(
        p('body', `本年度你单位计入总分的加分${f.fixed(sum('bonus'))}分、扣分${f.fixed(sum('deduction'))}分，合计${f.signed(b.contribution)}分。${capText}具体如下。`),
        table(
          [
            { width: 11, align: 'center' },
            { width: 21, align: 'left' },
            { width: 56, align: 'left' },
            { width: 15, align: 'right' },
            { width: 19, align: 'right' },
            { width: 34, align: 'left' },
          ],
          ['类别', '类型', '事项', '分值', '计入分值', '说明'],
          b.items.map((x) => [x.kind === 'bonus' ? '加分' : '扣分', x.type, x.reason, signed(x.kind, x.points), signed(x.kind, x.counted), x.note]),
        ),
      );
    }
  }

  const d = data.democratic;
  if (d) {
    heading('民主测评情况');
    const shares = d.shares.map((s) => `${s.level}${f.percent(s.share)}`).join('，');
    blocks.push(
      p('body', `本年度民主测评共收回有效票${d.validVotes}张，各等次票数占比为：${shares}。各测评主体评价情况如下。`),
      table(
        [
          { width: 3, align: 'left' },
          { width: 2, align: 'right' },
          { width: 2, align: 'right' },
        ],
        ['测评主体', '有效票数', '得分率'],
        d.groups.map((g) => [g.name, String(g.valid), f.percent(g.rate)]),
      ),
    );
  }

  // only what the office wrote: a unit with nothing entered gets no empty section
  if (data.strengths.length > 0) {
    heading('主要成绩');
    numbered(data.strengths);
  }
  if (data.problems.length > 0) {
    heading('存在问题');
    numbered(data.problems.map((x) => x.text));
  }
  heading('整改要求');
  const requirements = data.problems.map((x) => x.requirement).filter((x) => x.trim() !== '');
  if (requirements.length > 0) numbered(requirements);
  else if (data.problems.length > 0) blocks.push(p('body', '请针对以上问题逐项制定整改措施，明确责任人和完成时限。'));
  else blocks.push(p('body', '请对照考核中失分的指标认真分析原因，研究制定改进措施，补齐短板弱项。'));
  blocks.push(p('body', `请于${data.deadline}前将整改情况书面报送${data.reportTo}。联系人：${data.contactPerson}，联系电话：${data.contactPhone}。`));
  blocks.push(p('body', '特此函告。'));
  blocks.push(p('signOrgan', data.signOrgan), p('signDate', data.signDate));

  return { format: 'letter', title: `${data.unitName}${data.year}年度综合考核结果反馈函`, author: data.organ, fonts, blocks, attachment: [], record: [] };
}

export async function buildFeedbackLetter(data: FeedbackLetterData, fonts: DocumentFonts = DEFAULT_FONTS): Promise<Buffer> {
  return renderDocx(feedbackLetterModel(data, fonts));
}
