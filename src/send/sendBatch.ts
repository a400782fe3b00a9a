import type { Batch } from './Batch';
import type { Answer } from './createTransport';
import type { DeliveryDeps, DeliveryOptions } from './createDelivery';
import type { DeliveryState } from './DeliveryState';
import { ANSWER_NETWORK, ANSWER_OK, ANSWER_REFUSED, ANSWER_SERVICE } from '../queue/createSharedHealth';
import { bodyOverhead, bodySize, buildBody } from '../batch/buildBody';
import { DELIVERED, DROP, RETRY, REQUEUE, STOP, decideAnswer, type Decision } from './decideAnswer';
import { SERVICE_FAILING, SERVICE_STOPPED, SERVICE_UP } from './DeliveryState';
import { DEBUG_BUILD } from '../lib/debugBuild';

/** Applies what decideAnswer decided about `b`: to the queue, the ledger and the service state. */
function apply(b: Batch, d: Decision, answer: Answer, deps: DeliveryDeps, state: DeliveryState): void {
  const retry = d._kind === RETRY;
  if (state._service !== SERVICE_STOPPED) state._service = retry ? SERVICE_FAILING : SERVICE_UP;
  // Only a 200 says the service takes logs: a refusal (401, 404, another 4xx) is not one.
  deps._health._answer(d._kind === DELIVERED ? ANSWER_OK : !retry ? ANSWER_REFUSED : answer._status ? ANSWER_SERVICE : ANSWER_NETWORK);
  switch (d._kind) {
    case DELIVERED:
      return deps._ledger._accepted(b._logs);
    case REQUEUE:
      return void state._queue.unshift(...d._batches);
    case DROP:
      return deps._ledger._dropped(b._logs, d._reason, d._detail);
    case STOP:
      state._queue.unshift(b);
      if (state._service !== SERVICE_STOPPED) {
        state._service = SERVICE_STOPPED;
        const why = DEBUG_BUILD ? ': check Web Tracking, project and logstore; logs are kept' : '';
        deps._reporter._error(answer._status, d._code, `sending stopped (${answer._status} ${d._code})${why}`);
      }
      return;
    case RETRY:
      if (DEBUG_BUILD) deps._reporter._debug(`retry in ${d._wait} ms after ${answer._status || 'network error'} ${answer._code}`);
      return void state._queue.unshift(d._batch);
  }
}

/**
 * One request's life: encode the batch (query mode when `unload`), send it (with keepalive when
 * it fits the budget), and apply its answer.
 */
export async function sendBatch(b: Batch, unload: boolean, o: DeliveryOptions, deps: DeliveryDeps, state: DeliveryState): Promise<void> {
  const body = buildBody(b._meta, b._logs.map((l) => l._json));
  const req = await deps._encode(body, bodySize(bodyOverhead(b._meta), b._logs), unload ? 'none' : b._raw ? 'raw' : o._compress);
  // pagehide came while this was being encoded: keep it for the next visit instead.
  if (state._pageGone && !unload) return void state._queue.unshift(b);
  b._keepalive = unload || deps._transport._fits(req._wire);
  b._sentAt = deps._now();
  if (b._keepalive) state._flying.add(b);
  const answer = await deps._transport._send(req, b._keepalive);
  state._flying.delete(b);
  // Cut off by the unload: maybe accepted, maybe not. It stays marked (if it was in flight with
  // keepalive) and stored; the next visit decides. Not a failure of the service.
  if (state._pageGone && !answer._status) return void state._queue.unshift(b);
  if (b._marked) deps._ledger._unloadAnswered(b._logs);
  apply(b, decideAnswer(b, answer, o._compress, deps._now(), deps._random()), answer, deps, state);
}
