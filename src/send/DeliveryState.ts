import type { Batch } from './Batch';

// The service as this tab last saw it (numbers with names, so that the minifier inlines them):
/** Taking logs. */
export const SERVICE_UP = 0;
/** The last answer was a retryable failure: one probe at a time, not before `_wake`. */
export const SERVICE_FAILING = 1;
/** Stopped on a configuration error (401, 404) or repeated refusals, until `flush()`. */
export const SERVICE_STOPPED = 2;
export type ServiceState = typeof SERVICE_UP | typeof SERVICE_FAILING | typeof SERVICE_STOPPED;

/** What the parts of delivery (createDelivery, sendBatch, sendOnUnload, sendQueue) share. */
export interface DeliveryState {
  /** The send queue (sendQueue.ts): oldest first, retries at the front. */
  _queue: Batch[];
  /** Logs in `_queue`, and their bytes (QueuedLog._bytes); sendQueue's functions keep them exact. */
  _logs: number;
  _bytes: number;
  /** Keepalive requests in flight: they go on after the page is gone, answer unseen. */
  _flying: Set<Batch>;
  _service: ServiceState;
  /**
   * The backoff is the service's, not each batch's: however many batches wait, an outage sees one
   * request at a time. `_attempt`: failures in a row (requests in flight together count once,
   * sendBatch's retryLater); `_wake`: no request before this (ms) while failing.
   */
  _attempt: number;
  _wake: number;
  /** Whole-request refusals in a row (classifyResponse's `refused`). */
  _refused: number;
  /** Delivery's count, for Batch._gen. */
  _gen: number;
  /**
   * After `pagehide` the page may still run a little: a request started then would reach the
   * service with nobody to see its answer, and the logs be sent again by the next visit.
   */
  _pageGone: boolean;
}

/** The state of a delivery that has sent nothing yet. */
export const newDeliveryState = (): DeliveryState => ({
  _queue: [],
  _logs: 0,
  _bytes: 0,
  _flying: new Set(),
  _service: SERVICE_UP,
  _attempt: 0,
  _wake: 0,
  _refused: 0,
  _gen: 0,
  _pageGone: false,
});
