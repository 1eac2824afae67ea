// zod's issues in Chinese: one mapping for the IPC boundary and for imports.
// Across IPC the input is never echoed back (it may be huge or hostile); an
// imported file's message may say what the cell or field held.
import { z } from 'zod';


const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文字',
  boolean: '是否（true/false）',
  object: '对象 { … }',
  array: '列表 [ … ]',
  null: 'null',
  undefined: '空',
  record: '对象 { … }',
  literal: '固定值',
};

function received(input: unknown): string {
  if (input === undefined) return '未填写';
  if (input === null) return 'null';
  if (Array.isArray(input)) return '列表';
  if (typeof input === 'string') return `文字“${input.length > 20 ? `${input.slice(0, 20)}…` : input}”`;
  if (typeof input === 'number') return `数字 ${input}`;
  if (typeof input === 'boolean') return String(input);
  return '对象';
}

const zhCN = z.locales.zhCN().localeError;

type Issue = Parameters<z.core.$ZodErrorMap>[0];

export interface ZodChineseOptions {
  /** say what was given (a file being imported); never across IPC, where the input is not echoed back */
  echo: boolean;
  /** added to the message about unknown field names */
  unknownKeyHint?: string;
}

export function zodChineseMap(opts: ZodChineseOptions): z.core.$ZodErrorMap {
  const got = (input: unknown) => (opts.echo ? `，实际是${received(input)}` : '');
  const gotNum = (input: unknown) => (opts.echo ? `（实际是 ${String(input)}）` : '');
  return (iss: Issue) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '缺少此项（必填）';
      return `应为${TYPE_NAMES[iss.expected] ?? iss.expected}${got(iss.input)}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`;
      if (iss.origin === 'array') return `至少需要 ${min} 项`;
      return iss.inclusive ? `不能小于 ${min}${gotNum(iss.input)}` : `应大于 ${min}${gotNum(iss.input)}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return `不能超过 ${max} 个字`;
      if (iss.origin === 'array') return `最多 ${max} 项`;
      return iss.inclusive ? `不能大于 ${max}${gotNum(iss.input)}` : `应小于 ${max}${gotNum(iss.input)}`;
    }
    case 'invalid_value':
      if (iss.input === undefined) return '缺少此项（必填）';
      return `应为 ${iss.values.map((v) => JSON.stringify(v)).join('、')} 之一${got(iss.input)}`;
    case 'unrecognized_keys':
      return `不认识的字段 ${iss.keys.map((k) => `“${k.slice(0, 40)}”`).join('、')}${opts.unknownKeyHint ?? ''}`;
    case 'invalid_union': {
      const input = iss.input as Record<string, unknown> | undefined;
      if (iss.note === 'No matching discriminator' && input && typeof input === 'object') {
        return `type ${opts.echo ? `为 ${received(input.type)}，` : ''}不是可用的计分方法（direct、completion、ratioToBest、rank、steps、bands、interpolation、letter、deduction）`;
      }
      return `内容的形式不对${opts.echo ? `（实际是${received(iss.input)}）` : ''}`;
    }
    case 'invalid_format':
      return opts.echo ? (iss.message ?? '格式不对') : '格式不对';
    case 'custom':
      // our own refinements carry Chinese messages that name no input
      return iss.message ?? '内容不对';
    default:
      return zhCN(iss);
  }
  };
}

