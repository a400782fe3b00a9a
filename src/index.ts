export { createTracker } from './createTracker';
export type { Tracker, TrackOptions, TrackerStats } from './createTracker';
export type { TrackerOptions, Compression } from './options';
export type { DropInfo, DropReason } from './dropReasons';
