import type { StsTrackerOptions, Tracker } from './types';
import { createTrackerWith } from './tracker/createTracker';
import { compressLz4 } from './encode/compressLz4';
import { createPersistence } from './queue/createPersistence';
import { createSignedTransport } from './sts/createSignedTransport';
import { REQUEST_TIMEOUT_MS } from './lib/timings';
import { DEBUG_BUILD } from './lib/debugBuild';
import { failOption } from './lib/failOption';

/**
 * Creates a tracker whose every request is signed with temporary STS credentials from
 * `options.credentials`, for logstores with anonymous Web Tracking off (README, "Signed mode
 * (STS)"). Every option of `sls-webtrack` works the same; it never tries an anonymous write.
 * Throws a `TypeError` naming the option when an option is invalid; nothing later throws.
 */
export const createTracker = (options: StsTrackerOptions): Tracker => {
  const credentials = options?.credentials;
  if (typeof credentials != 'function') failOption('credentials', DEBUG_BUILD && 'must be a function');
  return createTrackerWith(options, {
    _lz4: compressLz4,
    _persist: createPersistence,
    _transport: (url, reporter) => createSignedTransport(url, REQUEST_TIMEOUT_MS, credentials, reporter),
  });
};

export type { Tracker, TrackOptions, TrackerStats, TrackerOptions, StsTrackerOptions, StsCredentials, TrackerError, Compression, DropInfo, DropReason } from './types';
