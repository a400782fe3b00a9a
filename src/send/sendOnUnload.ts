import type { Batch } from './Batch';
import type { DeliveryDeps } from './DeliveryDeps';
import { SERVICE_UP, type DeliveryState } from './DeliveryState';
import { bodyOverhead, bodySize, buildBody } from '../batch/buildBody';
import { putFront, takeAll } from './sendQueue';
import { fitLogs } from './fitLogs';
import { KEEPALIVE_BUDGET, MAX_LOGS_PER_REQUEST } from '../lib/limits';
import { UNLOAD_QUIET_MS } from '../lib/timings';
import { QUERY_MODE } from '../lib/apiVersion';
import { DEBUG_BUILD } from '../lib/debugBuild';

/**
 * Packs `batches` into unload requests, greedily within what is left of the keepalive budget, and
 * sends them: by sendBeacon with `beacon` (it says at once whether the browser took it), else by
 * keepalive fetch through `launch`. Returns what did not fit, or what the browser refused.
 */
function pack(batches: Batch[], beacon: boolean, deps: DeliveryDeps, launch: (b: Batch) => void): Batch[] {
  const rest: Batch[] = [];
  // Keepalive fetches launched below start after a microtask: count their bytes here.
  let reserved = 0;
  for (const b of batches) {
    let logs = b._logs;
    const overhead = bodyOverhead(b._meta);
    while (logs.length) {
      const n = fitLogs(logs, overhead, KEEPALIVE_BUDGET - deps._transport._pending() - reserved, MAX_LOGS_PER_REQUEST);
      if (!n) break;
      const chunk = logs.slice(0, n);
      const size = bodySize(overhead, chunk);
      if (beacon) {
        const ok = deps._transport._beacon(QUERY_MODE, buildBody(b._meta, chunk.map((l) => l._json)), size);
        if (DEBUG_BUILD) deps._reporter._debug(`beacon of ${chunk.length} logs ${ok ? 'taken (its answer is never seen)' : 'refused by the browser: kept'}`);
        if (!ok) break;
        deps._ledger._unloading(chunk, true);
      } else {
        deps._ledger._unloading(chunk, false);
        launch({ ...b, _logs: chunk });
        reserved += size;
      }
      logs = logs.slice(n);
    }
    if (logs.length) rest.push({ ...b, _logs: logs });
  }
  return rest;
}

/**
 * The page is being hidden (`beacon` false: the page may live on and read the answers) or
 * unloaded (`beacon` true: pagehide): sends what is queued in query mode within the keepalive
 * budget. What does not fit stays queued (and stored). Sends nothing while the service or the
 * network is failing, or any tab saw a failure in the last UNLOAD_QUIET_MS: the logs are safer in
 * the store; nor once the user has opted out; nor with `hold` (another tab will take them over).
 * Returns whether it sent; when it did not, the queue is as it was.
 *
 * Once `pagehide` has come, every send is a beacon, also from the `visibilitychange` that Chrome
 * fires after it when a tab closes or navigates: a keepalive fetch the browser refuses (its 64 KiB
 * quota, which it frees only when a response has been read to the end) rejects a few ms later,
 * too late for a page that is gone, so its logs would stay marked as sent and be trusted by the
 * next page, never having left. A beacon says at once whether the browser took it.
 */
export function sendOnUnload(beacon: boolean, deps: DeliveryDeps, state: DeliveryState, launch: (b: Batch) => void, hold?: boolean): boolean {
  if (beacon) {
    state._pageGone = true;
    // The page is going: requests in flight with keepalive will be answered to nobody. Mark
    // them like unload sends, so that the next visit does not resend them wholesale.
    for (const b of state._flying) {
      if (!b._marked) deps._ledger._unloading(b._logs, true, b._sentAt);
      b._marked = true;
    }
  }
  const now = deps._now();
  const offline = typeof navigator != 'undefined' && navigator.onLine === false;
  if (hold || deps._optedOut() || state._service !== SERVICE_UP || deps._health._failedBetween(now - UNLOAD_QUIET_MS, now) || offline) return false;
  putFront(state, pack(takeAll(state), state._pageGone, deps, launch));
  return true;
}
