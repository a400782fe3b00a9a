import type { Batch } from './Batch';
import type { Answer } from './createTransport';
import type { Compression } from '../types';
import type { BatchMeta } from '../batch/BatchMeta';
import type { QueuedLog } from '../queue/QueuedLog';
import {
  OUTCOME_CONFIG,
  OUTCOME_ISOLATE,
  OUTCOME_OK,
  OUTCOME_RAW,
  OUTCOME_RETRY,
  OUTCOME_SPLIT,
  classifyResponse,
} from './classifyResponse';
import { BACKOFF, retryDelay } from './retryDelay';

// Decision kinds: numbers with names, so that the minifier inlines them.
/** The service has the batch's logs. */
export const DELIVERED = 0;
/** Put `_batches` back at the front of the queue, in order (halves, or an uncompressed resend). */
export const REQUEUE = 1;
/** Give the batch's logs up, with `_reason` and the service's code. */
export const DROP = 2;
/** A configuration error: stop sending, keep the batch at the front. */
export const STOP = 3;
/** A transient failure: `_batch` goes back to the front, not before its `_notBefore`. */
export const RETRY = 4;

/** What happens to a batch once its answer is in. */
export type Decision =
  | { _kind: typeof DELIVERED }
  | { _kind: typeof REQUEUE; _batches: Batch[] }
  | { _kind: typeof DROP; _reason: 'tooLarge' | 'rejected'; _detail: string }
  | { _kind: typeof STOP; _code: string }
  | { _kind: typeof RETRY; _batch: Batch; _wait: number };

/** A batch of these logs, not tried yet. */
export const newBatch = (meta: BatchMeta, logs: QueuedLog[], raw?: boolean): Batch => ({ _meta: meta, _logs: logs, _attempt: 0, _notBefore: 0, _raw: raw });

// One bad log must not cost the good ones: halve until it stands alone.
const halve = (b: Batch): Batch[] => {
  const mid = Math.ceil(b._logs.length / 2);
  return [newBatch(b._meta, b._logs.slice(0, mid), b._raw), newBatch(b._meta, b._logs.slice(mid), b._raw)];
};

const halveOrDrop = (b: Batch, reason: 'tooLarge' | 'rejected', detail: string): Decision =>
  b._logs.length > 1 ? { _kind: REQUEUE, _batches: halve(b) } : { _kind: DROP, _reason: reason, _detail: detail };

/**
 * The answer switch, as a pure function of the batch, its answer, the compression in use, the
 * clock and a random number (for the backoff's jitter): classifyResponse says what the answer
 * means, this says what becomes of the batch (README, "Answers").
 */
export function decideAnswer(b: Batch, answer: Answer, compress: Compression, now: number, random: number): Decision {
  const out = classifyResponse(answer._status, answer._code, answer._retryAfter, now);
  switch (out._kind) {
    case OUTCOME_OK:
      return { _kind: DELIVERED };
    case OUTCOME_SPLIT:
      return halveOrDrop(b, 'tooLarge', answer._code || 'PostBodyTooLarge');
    case OUTCOME_RAW:
      // Undo the compression once; a batch that fails raw too is treated like any refused one.
      if (!b._raw && compress !== 'none') return { _kind: REQUEUE, _batches: [{ ...b, _raw: true }] };
      return halveOrDrop(b, 'rejected', answer._code);
    case OUTCOME_ISOLATE:
      return halveOrDrop(b, 'rejected', out._code);
    case OUTCOME_CONFIG:
      return { _kind: STOP, _code: out._code };
    case OUTCOME_RETRY: {
      const wait = retryDelay(b._attempt, BACKOFF, random, out._after);
      return { _kind: RETRY, _batch: { ...b, _attempt: b._attempt + 1, _notBefore: now + wait }, _wait: wait };
    }
  }
}
