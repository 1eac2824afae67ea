// Errors a user sees carry a stable code and a Chinese message that names
// what is wrong and where.

export const ERROR_CODES = [
  'invalid_input',
  'invalid_output',
  'unknown_channel',
  'forbidden_sender',
  'not_found',
  'conflict',
  'invalid_plan',
  'db_too_new',
  'db_error',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export function notFound(what: string, id: number | string): AppError {
  return new AppError('not_found', `找不到${what}（编号 ${id}），可能已被删除。`);
}
