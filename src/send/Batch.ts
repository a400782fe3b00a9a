import type { BatchMeta } from '../batch/BatchMeta';
import type { QueuedLog } from '../queue/QueuedLog';

/** Logs that go out in one request (one topic, source and tag set), with their send state. */
export interface Batch {
  _meta: BatchMeta;
  _logs: QueuedLog[];
  /** Retries so far, for the backoff. */
  _attempt: number;
  /** Not before this time (ms), after a retryable failure. */
  _notBefore: number;
  /** Send uncompressed: the service could not decompress this batch once. */
  _raw?: boolean | undefined;
  /** In flight as a keepalive request (it outlives the page). */
  _keepalive?: boolean;
  /** When its request left (ms). */
  _sentAt?: number;
  /** Its logs are marked as sent on unload (createSentMarks) until its answer is seen. */
  _marked?: boolean;
}
