import type { ErrorCode } from './errors.ts';

/** What a validation step decides: a value to go on with, or the error the service would answer. */
export type Verdict<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; message: string };

export function accept<T>(value: T): Verdict<T> {
  return { ok: true, value };
}

export function reject<T = never>(code: ErrorCode, message: string): Verdict<T> {
  return { ok: false, code, message };
}
