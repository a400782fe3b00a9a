import type { DropInfo, DropReason, TrackerError } from '../types';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { safeString } from '../lib/safeString';

/** Where every stage reports what it could not do: drops, problems for the user, the debug log. */
export interface Reporter {
  /**
   * Counts `count` dropped logs under `reason` and tells `onDrop` (and the debug log). `detail` is
   * data (the service's code) or, in the debug build only, an explanation: callers write
   * `DEBUG_BUILD && 'why'`, which is `false` in production bundles.
   */
  _drop(count: number, reason: DropReason, detail?: string | false): void;
  /** A problem the tracker cannot solve alone: a console warning and `onError`. */
  _error(status: number, errorCode: string, message: string): void;
  /**
   * The debug log (`debug: true`). Callers write `if (DEBUG_BUILD) reporter._debug(…)`, so that the
   * message text is gone from production bundles, not only silenced.
   */
  _debug(message: string): void;
  /** Dropped logs by reason, so far. */
  _dropped(): Partial<Record<DropReason, number>>;
}

/**
 * The tracker's reporter. A user callback that throws is reported to the debug log and goes no
 * further, whatever it throws (safeString): a failing `onDrop` or `onError` must not break the
 * tracker or the page's call, nor leave a half-applied answer behind (a batch queued twice).
 */
export function createReporter(
  callbacks: { _onDrop: ((info: DropInfo) => void) | undefined; _onError: ((error: TrackerError) => void) | undefined },
  debug: boolean,
): Reporter {
  const dropped: Partial<Record<DropReason, number>> = {};
  const debugLog = (message: string) => {
    if (DEBUG_BUILD && debug) console.debug('[sls-webtrack]', message);
  };
  return {
    _drop(count, reason, detail) {
      dropped[reason] = (dropped[reason] ?? 0) + count;
      const info: DropInfo = detail ? { reason, count, detail } : { reason, count };
      try {
        if (DEBUG_BUILD && debug) console.warn('[sls-webtrack] dropped', info);
        callbacks._onDrop?.(info);
      } catch (e) {
        if (DEBUG_BUILD) debugLog(`onDrop threw: ${safeString(e)}`);
      }
    },
    _error(status, errorCode, message) {
      try {
        console.warn('[sls-webtrack]', message);
        callbacks._onError?.({ status, errorCode, message });
      } catch (e) {
        if (DEBUG_BUILD) debugLog(`onError threw: ${safeString(e)}`);
      }
    },
    _debug: debugLog,
    _dropped: () => ({ ...dropped }),
  };
}
