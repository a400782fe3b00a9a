import type { Tracker, TrackerOptions } from './types';
import { createTrackerWith } from './tracker/createTracker';
import { createTransport } from './send/createTransport';
import { REQUEST_TIMEOUT_MS } from './lib/timings';
import { compressLz4 } from './encode/compressLz4';
import { createPersistence } from './queue/createPersistence';

/**
 * Creates a tracker (README, "Options"). Throws a `TypeError` naming the option when an option is
 * invalid; nothing later throws. Where there is no `window` or `document` (server-side rendering,
 * a web worker) the tracker is inert: it tracks nothing, starts nothing and says so once
 * (README, "Server-side rendering and workers"). This entry composes the LZ4 encoder and the
 * persistent queue (IndexedDB) into the core; `sls-webtrack/core` is the core alone.
 */
export const createTracker = (options: TrackerOptions): Tracker =>
  createTrackerWith(options, { _lz4: compressLz4, _persist: createPersistence, _transport: (url) => createTransport(url, REQUEST_TIMEOUT_MS) });

export type { Tracker, TrackOptions, TrackerStats, TrackerOptions, TrackerError, Compression, DropInfo, DropReason } from './types';
