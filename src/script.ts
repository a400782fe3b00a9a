// The script-tag entry (global `SlsWebTrack`): the whole API, plus a tracker with auto-capture
// started from the tag's data- attributes, and the calls a page queued before the script loaded.
import { createTracker } from './index';
import type { AutoCaptureOptions, Tracker, TrackOptions, TrackerOptions } from './types';
import { autoCapture } from './capture/autoCapture';
import { addListeners } from './lib/addListeners';
import { DEBUG_BUILD } from './lib/debugBuild';

export * from './index';
export * from './auto';

/** A call queued in `window.slsq`: the method name, then its arguments (an `arguments` object does too). */
export type QueuedCall = [method: 'track' | 'flush' | 'optOut' | 'optIn' | 'pageView', ...args: unknown[]];

/**
 * What `window.slsq` holds: an array of calls until the tracker starts (the stub pushes its
 * `arguments`; as the page's early `error` and `unhandledrejection` listener, their event), then an
 * object whose `push` runs them.
 */
export interface CallQueue {
  push(...calls: Array<QueuedCall | IArguments>): unknown;
}

// UMD assigns `window.SlsWebTrack = {}` before this module runs, so a stub under that name would
// be gone by now: the queue has a name of its own.
const w = globalThis as unknown as Partial<Window> & { slsq?: CallQueue; sls?: unknown };
const push = (call: QueuedCall): unknown => (w.slsq ??= []).push(call);

/** The tracker started by the script tag's data- attributes or by `start()`; `undefined` before. */
export let tracker: Tracker | undefined;

const run = (call: QueuedCall | IArguments): unknown => {
  try {
    const [name, ...args] = call as QueuedCall;
    // A name that is no method of the tracker throws its TypeError ("… is not a function").
    return (tracker![name] as (...a: unknown[]) => unknown)(...args);
  } catch (e) {
    // A bad entry must not stop the ones after it, nor throw into the page's push().
    console.error('[sls-webtrack] bad slsq call:', e);
    return undefined;
  }
};

/**
 * Creates a tracker with auto-capture (one object holds the options of both), then runs the calls
 * queued in `window.slsq` in order; later pushes to `slsq` run at once. The errors the stub
 * buffered there (README, "Script tag") are captured as if live, and its listeners removed. For
 * what data- attributes cannot say, such as `beforeSend` or `onDrop`. Once per page: a second call
 * returns the first tracker. Throws a `TypeError` naming an invalid option.
 */
export function start(options: TrackerOptions & AutoCaptureOptions): Tracker {
  if (tracker) {
    // The debug build says so; the first tracker is the answer either way.
    if (DEBUG_BUILD) console.error('[sls-webtrack] already started');
    return tracker;
  }
  const t = createTracker(options);
  // The stub's array (a queue object has no length: nothing).
  const queued = Array.from((w.slsq ?? []) as unknown as ArrayLike<ArrayLike<unknown>>);
  // The stub's `sls` listened for errors until now: auto-capture takes over. Adding a listener
  // that is there already changes nothing, so adding and removing them removes the stub's.
  addListeners(['error', 'unhandledrejection'].map((type) => [w as Window, type, w.sls as EventListener]))();
  const isEvent = (c: ArrayLike<unknown>) => c[0] instanceof Event;
  autoCapture(t, options, queued.filter(isEvent).map((c) => c[0] as Event));
  tracker = t;
  w.slsq = { push: (...calls) => calls.map(run).pop() };
  for (const c of queued) if (!isEvent(c)) run(c as QueuedCall);
  return t;
}

/** `tracker.track()`, or queued until the tracker starts. */
export const track = (log: unknown, options?: TrackOptions): void => void push(['track', log, options]);
/** `tracker.flush()`; before the tracker starts, queued, and resolves at once. */
export const flush = async (): Promise<void> => {
  await push(['flush']);
};
/** `tracker.optOut()`, or queued until the tracker starts. */
export const optOut = (): void => void push(['optOut']);
/** `tracker.optIn()`, or queued until the tracker starts. */
export const optIn = (): void => void push(['optIn']);

// Options from data- attributes: names as dataset spells them (data-flush-interval → flushInterval),
// values converted by kind. Attributes that are no option (data-cfasync…) are ignored.
// Text that may look like JSON (a project "2024", a topic "true") is read as written; a host and
// `compress` never parse as JSON, so they stay text all the same.
const STRINGS = ['project', 'logstore', 'topic', 'source'];
const d = typeof document == 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.dataset;
if (d && (d.host || d.project || d.logstore)) {
  try {
    const o: Record<string, unknown> = {};
    for (const k in d) {
      const v = d[k]!;
      try {
        // Numbers, true/false, data-tags' object: JSON.
        o[k] = STRINGS.includes(k) ? v : JSON.parse(v);
      } catch {
        // Not JSON: a list split (data-allowed-params), empty is true (data-debug), text stays
        // text (data-page-views="manual"; any other option's check names it).
        o[k] = k == 'allowedParams' ? (v.match(/[^\s,]+/g) ?? []) : v == '' || v;
      }
    }
    start(o as unknown as TrackerOptions);
  } catch (e) {
    console.error('[sls-webtrack] not started:', e);
  }
}
