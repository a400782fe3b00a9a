import type { TrackerOptions } from './options';
import type { Tracker } from './tracker/createTracker';
import { createTrackerWith } from './tracker/createTracker';
import { createInertTracker } from './tracker/createInertTracker';
import { compressLz4 } from './encode/compressLz4';
import { hasDom } from './lib/hasDom';

/**
 * Creates a tracker (README, "Options"). Throws a `TypeError` naming the option when an option is
 * invalid; nothing later throws. Where there is no `window` or `document` (server-side rendering,
 * a web worker) the tracker is inert: it tracks nothing, starts nothing and says so once
 * (README, "Server-side rendering and workers"). This entry includes the LZ4 encoder;
 * `sls-webtrack/core` is the same without it.
 */
export const createTracker = (options: TrackerOptions): Tracker =>
  hasDom() ? createTrackerWith(options, compressLz4) : createInertTracker(options);

export type { Tracker, TrackOptions, TrackerStats } from './tracker/createTracker';
export type { TrackerOptions, Compression } from './options';
export type { DropInfo, DropReason } from './dropReasons';
