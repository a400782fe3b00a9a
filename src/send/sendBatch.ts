import type { Batch } from './Batch';
import type { Answer } from './createTransport';
import type { DeliveryDeps, DeliveryOptions } from './DeliveryDeps';
import type { DeliveryState } from './DeliveryState';
import { ANSWER_NETWORK, ANSWER_OK, ANSWER_REFUSED, ANSWER_SERVICE } from '../queue/createSharedHealth';
import { bodyOverhead, bodySize } from '../batch/buildBody';
import { DELIVERED, DROP, RETRY, REQUEUE, STOP, decideAnswer, type Decision } from './decideAnswer';
import { SERVICE_FAILING, SERVICE_STOPPED, SERVICE_UP } from './DeliveryState';
import { putFront } from './sendQueue';
import { DEBUG_BUILD } from '../lib/debugBuild';

/**
 * `b` failed (a retryable answer, a refusal, an encoder failure): back to the front of the queue,
 * and the service waits `wait` ms. A failure counts one step of backoff, unless its request left
 * before the last step was counted while that wait still runs: requests in flight together fail
 * for one reason, and must not push the wait several steps at once.
 */
export function retryLater(s: DeliveryState, b: Batch, wait: number, now: number): void {
  if (b._try === s._attempt || s._wake <= now) {
    s._attempt++;
    s._wake = now + wait;
  }
  if (s._service !== SERVICE_STOPPED) s._service = SERVICE_FAILING;
  // Tried: a flush() called before now no longer waits for it.
  putFront(s, [{ ...b, _gen: s._gen }]);
}

/** Applies what decideAnswer decided about `b`: to the queue, the ledger and the service state. */
function apply(b: Batch, d: Decision, answer: Answer, deps: DeliveryDeps, state: DeliveryState): void {
  const retry = d._kind === RETRY;
  // Only a 200 says the service takes logs: a refusal (401, 404, another 4xx) is not one.
  deps._health._answer(d._kind === DELIVERED ? ANSWER_OK : !retry ? ANSWER_REFUSED : answer._status ? ANSWER_SERVICE : ANSWER_NETWORK);
  if (!retry) {
    state._attempt = 0;
    if (state._service !== SERVICE_STOPPED) state._service = SERVICE_UP;
    // The service reads our requests again: refusals in a row start over (not after a stop).
    if (d._kind !== STOP) state._refused = 0;
  }
  switch (d._kind) {
    case DELIVERED:
      return deps._ledger._accepted(b._logs);
    case REQUEUE:
      return putFront(state, d._batches);
    case DROP:
      return deps._ledger._dropped(b._logs, d._reason, d._detail);
    case STOP:
      putFront(state, [b]);
      if (state._service !== SERVICE_STOPPED) {
        state._service = SERVICE_STOPPED;
        const why = DEBUG_BUILD ? ': check Web Tracking, project, logstore and host; logs are kept' : '';
        deps._reporter._error(answer._status, d._code, `sending stopped (${answer._status} ${d._code})${why}`);
      }
      return;
    case RETRY:
      if (d._refusal) state._refused++;
      if (DEBUG_BUILD) deps._reporter._debug(`retry in ${d._wait} ms or more after ${answer._status || 'network error'} ${answer._code}`);
      return retryLater(state, b, d._wait, deps._now());
  }
}

/**
 * One request's life: encode the batch (query mode when `unload`), send it (with keepalive when
 * it fits the budget), and apply its answer. Nothing leaves once the user has opted out, here or
 * in another tab: the check is the last thing before the request, after the encoding's wait.
 */
export async function sendBatch(b: Batch, unload: boolean, options: DeliveryOptions, deps: DeliveryDeps, state: DeliveryState): Promise<void> {
  const req = await deps._encode(b._meta, b._logs.map((l) => l._json), bodySize(bodyOverhead(b._meta), b._logs), unload ? 'none' : b._raw ? 'raw' : options._compress);
  // pagehide came while this was being encoded: keep it for the next visit instead.
  if (state._pageGone && !unload) return putFront(state, [b]);
  if (deps._optedOut()) return deps._ledger._dropped(b._logs, 'optOut', DEBUG_BUILD && 'opted out while it was encoded');
  b._keepalive = unload || deps._transport._fits(req._wire);
  b._sentAt = deps._now();
  b._try = state._attempt;
  if (b._keepalive) state._flying.add(b);
  const answer = await deps._transport._send(req, b._keepalive);
  state._flying.delete(b);
  // `debug: true` shows the tracker working, not only failing (issue 22).
  if (DEBUG_BUILD) deps._reporter._debug(`sent ${b._logs.length} logs${unload ? ' (unload)' : ''} → ${answer._status || 'network error'}${answer._code && ' ' + answer._code}`);
  // Cut off by the unload: maybe accepted, maybe not. It stays marked (if it was in flight with
  // keepalive) and stored; the next visit decides. Not a failure of the service.
  if (state._pageGone && !answer._status) return putFront(state, [b]);
  const d = decideAnswer(b, answer, options._compress, deps._now(), deps._random(), state);
  // An answer read while the page unloads may be the last thing it does, and what it writes to
  // localStorage may be kept only in part: accepted logs are marked as such (the ledger's
  // _accepted), which replaces their unload mark; only other answers take the mark away, so that
  // no moment leaves them unmarked and stored, to be sent again.
  if (b._marked && d._kind !== DELIVERED) deps._ledger._unloadAnswered(b._logs);
  // An answer after an opt-out is applied as usual; what comes back to the queue is dropped by
  // the pump, never sent again.
  apply(b, d, answer, deps, state);
}
