import type { Compression, DropReason } from '../types';
import type { Transport } from './createTransport';
import type { EncodedRequest } from '../encode/encodeRequest';
import type { BatchMeta } from '../batch/BatchMeta';
import type { QueuedLog } from '../queue/QueuedLog';
import type { SharedHealth } from '../queue/createSharedHealth';
import type { Reporter } from '../tracker/createReporter';

// What delivery is given, its options and collaborators: createDelivery and the parts it runs
// (sendBatch, sendOnUnload) read them alike, so they live apart from all three.

export interface DeliveryOptions {
  _maxBatchLogs: number;
  _maxBatchBytes: number;
  _maxInFlight: number;
  _compress: Compression;
}

/** The store's side of delivery: what became of logs, so that they are kept exactly as long as needed. */
export interface Ledger {
  /** The service accepted these. */
  _accepted(logs: QueuedLog[]): void;
  /** Given up on, with the reason: no more keeping, and the drop is counted. */
  _dropped(logs: QueuedLog[], reason: DropReason, detail?: string | false): void;
  /** Going out during unload (or in flight then, sent at `at`): their answer may never be seen. */
  _unloading(logs: QueuedLog[], beacon: boolean, at?: number): void;
  /** An unload send was answered after all. */
  _unloadAnswered(logs: QueuedLog[]): void;
}

/**
 * Encodes the body of these logs (their JSON texts, in the envelope of their meta, `bytes` long)
 * for one way of sending it (encodeRequest, with the tracker's LZ4 encoder if any).
 */
export type Encoder = (meta: BatchMeta, jsons: string[], bytes: number, how: Compression | 'raw') => Promise<EncodedRequest>;

/** Delivery's collaborators. */
export interface DeliveryDeps {
  _transport: Transport;
  _encode: Encoder;
  _ledger: Ledger;
  _health: Pick<SharedHealth, '_answer' | '_failedBetween'>;
  _reporter: Pick<Reporter, '_error' | '_debug'>;
  /** Whether the user has opted out (here or in another tab): then no request carrying a log leaves. */
  _optedOut: () => boolean;
  _now: () => number;
  _random: () => number;
}
