import { errors, type ErrorCode } from './errors.ts';
import type { Exchange } from './Exchange.ts';
import { respond } from './respond.ts';

/** Answers the service's error shape: `{"errorCode","errorMessage"}` as application/json. */
export function respondError(
  ex: Exchange,
  code: ErrorCode,
  message: string = errors[code].message,
  headers: Record<string, string> = {},
): void {
  respondErrorStatus(ex, errors[code].status, code, message, headers);
}

/** The same, for a status and code outside the table (injected faults). */
export function respondErrorStatus(
  ex: Exchange,
  status: number,
  errorCode: string,
  errorMessage: string,
  headers: Record<string, string> = {},
): void {
  respond(ex, status, JSON.stringify({ errorCode, errorMessage }), {
    'content-type': 'application/json',
    ...headers,
  });
}
