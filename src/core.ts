import type { Tracker, TrackerOptions } from './types';
import { createTrackerWith } from './tracker/createTracker';
import { createTransport } from './send/createTransport';
import { REQUEST_TIMEOUT_MS } from './lib/timings';

/**
 * Creates a tracker of the core alone, for the smallest bundle: logs wait in memory only (no
 * IndexedDB: what is unsent when the page goes is what the unload send carries), and without the
 * LZ4 encoder `compress: 'lz4'` (the default) sends `deflate` through the browser's own
 * `CompressionStream` instead, or uncompressed where there is none. Inert where there is no
 * `window` or `document`, as `sls-webtrack`'s.
 */
export const createTracker = (options: TrackerOptions): Tracker =>
  createTrackerWith(options, { _transport: (url) => createTransport(url, REQUEST_TIMEOUT_MS) });

export type { Tracker, TrackOptions, TrackerStats, TrackerOptions, TrackerError, Compression, DropInfo, DropReason } from './types';
