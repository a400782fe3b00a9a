import type { TrackerOptions } from './options';
import type { Tracker } from './tracker/createTracker';
import { createTrackerWith } from './tracker/createTracker';
import { createInertTracker } from './tracker/createInertTracker';
import { hasDom } from './lib/hasDom';

/**
 * Creates a tracker without the LZ4 encoder, for the smallest bundle: `compress: 'lz4'` (the
 * default) sends `deflate` through the browser's own `CompressionStream` instead, or uncompressed
 * where there is none. Inert where there is no `window` or `document`, as `sls-webtrack`'s.
 */
export const createTracker = (options: TrackerOptions): Tracker =>
  hasDom() ? createTrackerWith(options) : createInertTracker(options);

export type { Tracker, TrackOptions, TrackerStats } from './tracker/createTracker';
export type { TrackerOptions, Compression } from './options';
export type { DropInfo, DropReason } from './dropReasons';
