import type { TrackerOptions } from './options';
import type { Tracker } from './createTracker';
import { createTrackerWith } from './createTracker';
import { compressLz4 } from './compressLz4';

/**
 * Creates a tracker (README, "Options"). Throws a `TypeError` naming the option when an option is
 * invalid; nothing later throws. This entry includes the LZ4 encoder; `sls-webtrack/core` is the
 * same without it.
 */
export const createTracker = (options: TrackerOptions): Tracker => createTrackerWith(options, compressLz4);

export type { Tracker, TrackOptions, TrackerStats } from './createTracker';
export type { TrackerOptions, Compression } from './options';
export type { DropInfo, DropReason } from './dropReasons';
