import type { Batch } from './Batch';
import type { Answer } from './createTransport';
import type { DeliveryState } from './DeliveryState';
import type { Compression } from '../types';
import {
  OUTCOME_CONFIG,
  OUTCOME_ISOLATE,
  OUTCOME_OK,
  OUTCOME_RAW,
  OUTCOME_REFUSED,
  OUTCOME_RETRY,
  OUTCOME_SPLIT,
  classifyResponse,
} from './classifyResponse';
import { BACKOFF, retryDelay } from './retryDelay';
import { MAX_REFUSALS } from '../lib/limits';

// Decision kinds: numbers with names, so that the minifier inlines them.
/** The service has the batch's logs. */
export const DELIVERED = 0;
/** Put `_batches` back at the front of the queue, in order (halves, or an uncompressed resend). */
export const REQUEUE = 1;
/** Give the batch's logs up, with `_reason` and the service's code. */
export const DROP = 2;
/** A configuration error, or refusals that go on: stop sending, keep the batch at the front. */
export const STOP = 3;
/** A transient failure (or a refusal, `_refusal`): the batch goes back to the front; the service waits `_wait` ms. */
export const RETRY = 4;

/** What happens to a batch once its answer is in. */
export type Decision =
  | { _kind: typeof DELIVERED }
  | { _kind: typeof REQUEUE; _batches: Batch[] }
  | { _kind: typeof DROP; _reason: 'tooLarge' | 'rejected'; _detail: string }
  | { _kind: typeof STOP; _code: string }
  | { _kind: typeof RETRY; _wait: number; _refusal?: boolean };

// One bad log must not cost the good ones: halve until it stands alone. Halves take no other logs.
const halve = (b: Batch): Batch[] => {
  const mid = Math.ceil(b._logs.length / 2);
  return [b._logs.slice(0, mid), b._logs.slice(mid)].map((logs) => ({ ...b, _logs: logs, _solo: true }));
};

const halveOrDrop = (b: Batch, reason: 'tooLarge' | 'rejected', detail: string): Decision =>
  b._logs.length > 1 ? { _kind: REQUEUE, _batches: halve(b) } : { _kind: DROP, _reason: reason, _detail: detail };

/**
 * The answer switch, as a pure function of the batch, its answer, the compression in use, the
 * clock, a random number (for the backoff's jitter) and the failures and refusals in a row so far:
 * classifyResponse says what the answer means, this says what becomes of the batch (README,
 * "Answers").
 */
export function decideAnswer(
  b: Batch,
  answer: Answer,
  compress: Compression,
  now: number,
  random: number,
  streak: Pick<DeliveryState, '_attempt' | '_refused'>,
): Decision {
  const out = classifyResponse(answer._status, answer._code, answer._retryAfter, now);
  switch (out._kind) {
    case OUTCOME_OK:
      return { _kind: DELIVERED };
    case OUTCOME_SPLIT:
      return halveOrDrop(b, 'tooLarge', answer._code || 'PostBodyTooLarge');
    case OUTCOME_RAW:
      // Undo the compression once; a batch that fails raw too is treated like any refused one.
      if (!b._raw && compress !== 'none') return { _kind: REQUEUE, _batches: [{ ...b, _raw: true, _solo: true }] };
      return halveOrDrop(b, 'rejected', answer._code);
    case OUTCOME_ISOLATE:
      return halveOrDrop(b, 'rejected', out._code);
    case OUTCOME_CONFIG:
      return { _kind: STOP, _code: out._code };
    case OUTCOME_REFUSED:
      // No one log caused it: halving would multiply requests and drop good logs. Paced like a
      // failure a few times (a proxy's hiccup), then a stop that keeps the logs.
      if (streak._refused + 1 >= MAX_REFUSALS) return { _kind: STOP, _code: out._code };
      return { _kind: RETRY, _wait: retryDelay(streak._attempt, BACKOFF, random), _refusal: true };
    case OUTCOME_RETRY:
      return { _kind: RETRY, _wait: retryDelay(streak._attempt, BACKOFF, random, out._after) };
  }
}
