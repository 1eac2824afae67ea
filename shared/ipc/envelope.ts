// The result envelope every channel returns: never a thrown error across the
// process boundary.
import type { ErrorCode } from '../errors.ts';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** for input errors: where, e.g. "cells[3].value" */
  path?: string;
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
