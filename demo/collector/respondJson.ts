import type { Exchange } from './Exchange.ts';
import { respond } from './respond.ts';

/** A 200 with `value` as JSON, never cached: the answer of an introspection endpoint. */
export function respondJson(ex: Exchange, value: unknown): void {
  respond(ex, 200, JSON.stringify(value), { 'content-type': 'application/json', 'cache-control': 'no-store' });
}
