// JSON columns: parsed with a schema so a damaged row is reported, not trusted.
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

export function parseJson<S extends z.ZodType>(schema: S, text: string | null, where: string): z.output<S> {
  let raw: unknown;
  try {
    raw = text === null || text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('db_error', `数据库中${where}的内容已损坏（不是有效的JSON）。`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('db_error', `数据库中${where}的内容不符合格式：${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
