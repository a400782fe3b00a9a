import type { BatchMeta } from '../batch/BatchMeta';
import type { QueuedLog } from '../queue/QueuedLog';

/** Logs that go out in one request (one topic, source and tag set), with their send state. */
export interface Batch {
  _meta: BatchMeta;
  /** The meta as JSON: batches of one key may take each other's logs (sendQueue's appendLogs). */
  _key: string;
  _logs: QueuedLog[];
  /**
   * Where delivery's count stood when this batch was queued, or last tried: `flush()` waits for
   * the batches queued before it was called, not for those that keep arriving (createDelivery).
   */
  _gen: number;
  /** A half of a refused batch, or an uncompressed resend: it takes no other logs, or a bad log would hide again. */
  _solo?: boolean;
  /** Send uncompressed: the service could not decompress this batch once. */
  _raw?: boolean | undefined;
  /** In flight as a keepalive request (it outlives the page). */
  _keepalive?: boolean;
  /** When its request left (ms). */
  _sentAt?: number;
  /** The service's failures in a row when its request left (DeliveryState._attempt). */
  _try?: number;
  /** Its logs are marked as sent on unload (createSentMarks) until its answer is seen. */
  _marked?: boolean;
}
