import type { Batch } from './Batch';

// The service as this tab last saw it (numbers with names, so that the minifier inlines them):
/** Taking logs. */
export const SERVICE_UP = 0;
/** The last answer was a retryable failure. */
export const SERVICE_FAILING = 1;
/** Stopped on a configuration error (401, 404) until `flush()`. */
export const SERVICE_STOPPED = 2;
export type ServiceState = typeof SERVICE_UP | typeof SERVICE_FAILING | typeof SERVICE_STOPPED;

/** What the parts of delivery (createDelivery, sendBatch, sendOnUnload) share. */
export interface DeliveryState {
  /** The send queue (sendQueue.ts): oldest first, retries at the front. */
  _queue: Batch[];
  /** Keepalive requests in flight: they go on after the page is gone, answer unseen. */
  _flying: Set<Batch>;
  _service: ServiceState;
  /**
   * After `pagehide` the page may still run a little: a request started then would reach the
   * service with nobody to see its answer, and the logs be sent again by the next visit.
   */
  _pageGone: boolean;
}
