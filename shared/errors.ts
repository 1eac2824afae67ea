// Errors a user sees carry a stable code, a Chinese message that names what
// is wrong, and — as data, never parsed back out of the message — where it
// is: a score cell, a path in a plan file, a place in a workbook, a field.

export const ERROR_CODES = [
  'invalid_input',
  'invalid_output',
  'unknown_channel',
  'forbidden_sender',
  'not_found',
  'conflict',
  'invalid_plan',
  'locked',
  'db_too_new',
  'db_error',
  'internal',
  // security (issue 9): no session, a role that may not, an idle session,
  // a refused login, a locked account, a password the policy refuses, a
  // missing or wrong database key, a tampered or damaged file
  'unauthorized',
  'forbidden',
  'session_expired',
  'auth_failed',
  'account_locked',
  'password_policy',
  'db_key',
  'tampered',
  // long work (an import in a worker) stopped by the user: nothing was written
  'cancelled',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One bad score cell: the subject and indicator, and what is wrong with it. */
export interface CellProblem {
  subjectKey: string;
  indicatorId: number;
  message: string;
}

export type ErrorLocation =
  /** score cells (all the bad ones of a batch at once) */
  | { kind: 'cells'; cells: CellProblem[] }
  /** a field of the request or of a form, e.g. "cells[3].value", "settings.grading.grades" */
  | { kind: 'field'; path: string }
  /** a place in an imported JSON file, e.g. "units[3].category" */
  | { kind: 'json'; path: string }
  /** a place in an imported workbook; row is 1-based as Excel shows it, column a letter */
  | { kind: 'sheet'; sheet: string; row?: number; column?: string }
  /** rows of a batch (ballots, events), all the bad ones at once: the row's index in the request, the field, what is wrong */
  | { kind: 'rows'; rows: RowProblem[] };

/** One bad row of a batch: its index in the request, the field (e.g. "votes.优秀") and what is wrong with it. */
export interface RowProblem {
  index: number;
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  constructor(code: ErrorCode, message: string, location?: ErrorLocation) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.location = location;
  }
}

export function notFound(what: string, id: number | string): AppError {
  return new AppError('not_found', `找不到${what}（编号 ${id}），可能已被删除。`);
}
