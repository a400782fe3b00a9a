import type { TrackerOptions } from '../types';
import type { QueuedLog } from '../queue/QueuedLog';
import type { LogStamp } from '../normalize/normalizeLog';
import type { Reporter } from './createReporter';
import { normalizeLog } from '../normalize/normalizeLog';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { safeString } from '../lib/safeString';

/** What prepareLog needs besides the log. */
export interface Preparation {
  /** addContext's providers, in order. */
  _context: ReadonlyArray<() => Record<string, unknown>>;
  _beforeSend: TrackerOptions['beforeSend'];
  _maxBatchBytes: number;
  /** The log's time (`time`, or now if it is no number) and id, taken once it is known to be kept. */
  _stamp(time?: number): LogStamp;
  _reporter: Pick<Reporter, '_drop' | '_debug'>;
}

/**
 * Context fields first, so that the log's own fields win. Only for a plain record. A log that
 * cannot be read (a Proxy whose traps throw, a revoked one) goes on as it is: normalizeLog turns
 * it into its marker.
 */
const withContext = (log: unknown, context: Preparation['_context'], reporter: Preparation['_reporter']): unknown => {
  try {
    if (!context.length || !log || typeof log !== 'object' || Array.isArray(log) || log instanceof Error) return log;
    const merged: Record<string, unknown> = {};
    for (const provider of context) {
      try {
        Object.assign(merged, provider());
      } catch (e) {
        if (DEBUG_BUILD) reporter._debug(`context provider threw: ${safeString(e)}`);
      }
    }
    return Object.assign(merged, log);
  } catch {
    return log;
  }
};

/**
 * One log on its way to the queue: context fields → `beforeSend` → stamp (`_ts`, `_id`) →
 * normalizeLog → the size check against a request of `overhead` envelope bytes. `time` is the
 * log's own time (`track()`'s option), if any. Returns the log
 * ready to queue, or undefined when it is dropped (and reported). May throw only on a bug (the
 * caller counts `internal`).
 */
export function prepareLog(log: unknown, overhead: number, p: Preparation, time?: number): QueuedLog | undefined {
  log = withContext(log, p._context, p._reporter);
  if (p._beforeSend) {
    let out: ReturnType<NonNullable<Preparation['_beforeSend']>>;
    try {
      out = p._beforeSend(log && typeof log === 'object' ? (log as Record<string, unknown>) : { message: log });
    } catch (e) {
      p._reporter._drop(1, 'beforeSend', DEBUG_BUILD && `beforeSend threw: ${safeString(e)}`);
      return undefined;
    }
    if (!out) {
      p._reporter._drop(1, 'beforeSend', DEBUG_BUILD && 'beforeSend returned no log');
      return undefined;
    }
    log = out;
  }
  const stamp = p._stamp(time);
  const n = normalizeLog(log, stamp);
  if (DEBUG_BUILD && n._notes) p._reporter._debug(n._notes.join('; '));
  if (overhead + n._bytes > p._maxBatchBytes) {
    p._reporter._drop(1, 'tooLarge', DEBUG_BUILD && `log of ${n._bytes} bytes cannot fit in one request`);
    return undefined;
  }
  return { _json: n._json, _bytes: n._bytes, _logId: stamp.id, _time: stamp.ts };
}
