import type { AutoCaptureOptions, Tracker } from '../types';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { failOption } from '../lib/failOption';
import { captureErrors } from './captureErrors';
import { capturePageViews, type Emit } from './capturePageViews';
import { captureVitals } from './captureVitals';
import { createIdentity, type Identity } from './createIdentity';
import { scrubUrl } from './scrubUrl';
import { hasDom } from '../lib/hasDom';

const DEFAULTS: Required<AutoCaptureOptions> = {
  pageViews: true,
  errors: true,
  vitals: true,
  visitorId: true,
  sessionId: true,
  allowedParams: [],
  keepHash: false,
  sessionTimeout: 1_800_000,
  maxSameErrors: 5,
  maxErrors: 30,
  errorWindow: 60_000,
  stackLimit: 4096,
};

/**
 * Starts capturing page views, errors and web vitals into `tracker`, and adds visitor and session
 * ids to every log. Nothing is captured while the tracker is opted out, and the stored ids are
 * removed when auto-capture starts or captures something while opted out. Returns the function that
 * stops it all: listeners removed, history methods restored, ids no longer added. Throws a
 * `TypeError` naming the option when an option is invalid. Where there is no `window` or
 * `document` (server-side rendering, a worker) it captures nothing and returns a stop that does
 * nothing, after checking the options all the same. With page views on (`true` or `'manual'`), it
 * gives the tracker its `pageView()`. `early`: `error` and `unhandledrejection` events seen before
 * it started (the script tag's snippet buffers them), captured as if live, with their own time.
 */
export function autoCapture(tracker: Tracker, options: AutoCaptureOptions = {}, early: readonly Event[] = []): () => void {
  const o = {} as Required<AutoCaptureOptions>;
  for (const k in DEFAULTS) {
    const key = k as keyof AutoCaptureOptions;
    const d = DEFAULTS[key];
    const v = options[key] ?? d;
    if (
      typeof d == 'boolean'
        ? typeof v != 'boolean' && (k != 'pageViews' || v != 'manual')
        : typeof d == 'number'
          ? !(Number.isInteger(v) && (v as number) > 0)
          : !Array.isArray(v) || v.some((p) => typeof p != 'string')
    ) {
      failOption(k, DEBUG_BUILD && `must be ${typeof d == 'object' ? 'an array of strings' : typeof d == 'number' ? 'a positive integer' : k == 'pageViews' ? "true, false or 'manual'" : 'true or false'}`);
    }
    (o as Record<string, unknown>)[k] = v;
  }
  if (!hasDom()) return () => {};

  const scrub = (url: string) => scrubUrl(url, o.allowedParams, o.keepHash);
  let id: Identity | undefined;
  const emit: Emit = (log, time) => {
    // Opted out: nothing is captured, and the ids that could recognise the visitor go too.
    if (tracker.isOptedOut()) id?._forget();
    else tracker.track(log, { time });
  };
  const stops: Array<() => void> = [];

  if (o.visitorId || o.sessionId) {
    // Where storage is blocked the ids live in memory.
    const ids = (id = createIdentity(o.sessionTimeout));
    if (tracker.isOptedOut()) ids._forget();
    stops.push(
      tracker.addContext(() => ({
        visitor_id: o.visitorId ? ids._visitor() : undefined,
        session_id: o.sessionId ? ids._session(Date.now()) : undefined,
      })),
    );
  }
  if (o.errors) stops.push(captureErrors(emit, scrub, o, early));
  if (o.pageViews) stops.push(capturePageViews(emit, scrub, o.keepHash, o.pageViews === true, tracker));
  if (o.vitals) stops.push(captureVitals(emit));
  return () => {
    for (const s of stops.splice(0)) s();
  };
}
