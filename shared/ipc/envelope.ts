// The result envelope every channel returns: never a thrown error across the
// process boundary.
import type { ErrorCode, ErrorLocation } from '../errors.ts';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** where the problem is, as data: the UI marks cells and fields from it */
  location?: ErrorLocation;
  /** for internal errors: the reference under which the log holds the details */
  ref?: string;
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
