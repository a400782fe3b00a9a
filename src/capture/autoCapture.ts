import type { Tracker } from '../tracker/createTracker';
import { captureErrors } from './captureErrors';
import { capturePageViews, type Emit } from './capturePageViews';
import { captureVitals } from './captureVitals';
import { createIdentity, type Identity } from './createIdentity';
import { scrubUrl } from './scrubUrl';
import { hasDom } from '../lib/hasDom';

/** Options of {@link autoCapture}. Every capture source is on by default and can be switched off. */
export interface AutoCaptureOptions {
  /** Log page views: first load, SPA route changes, hash changes, bfcache restores, prerender activation. Default `true`. */
  pageViews?: boolean;
  /** Log uncaught errors, unhandled rejections and failed resource loads. Default `true`. */
  errors?: boolean;
  /** Log web vitals (LCP, CLS, INP, FCP, TTFB), final values, when the page hides. Default `true`. */
  vitals?: boolean;
  /** Add `visitor_id` (random, kept in localStorage as `sls-webtrack:vid`) to every log, `track()` calls too. Default `true`. */
  visitorId?: boolean;
  /** Add `session_id` (random, renewed after `sessionTimeout` without a log; `sls-webtrack:sid`) to every log. Default `true`. */
  sessionId?: boolean;
  /** Query parameters kept in captured URLs (page, referrer, error source, resource); all others are removed. Default `[]`. */
  allowedParams?: string[];
  /**
   * Keep the fragment's path in captured URLs (`#/orders/42`; its parameters are filtered like the
   * query), and count a change of the fragment alone as a page view. For hash-routed SPAs.
   * Default `false`: fragments are removed and a fragment change is no page view.
   */
  keepHash?: boolean;
  /** Milliseconds without a log after which a new session starts. Default `1800000` (30 minutes). */
  sessionTimeout?: number;
  /** Identical errors (same kind, message, source, line, column) logged per `errorWindow`; the rest are counted in a summary. Default `5`. */
  maxSameErrors?: number;
  /** Errors logged per `errorWindow` in all; the rest are counted in a summary. Default `30`. */
  maxErrors?: number;
  /** The error rate limit's window in milliseconds. Default `60000`. */
  errorWindow?: number;
  /** Characters of an error's stack kept. Default `4096`. */
  stackLimit?: number;
}

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
 * nothing, after checking the options all the same.
 */
export function autoCapture(tracker: Tracker, options: AutoCaptureOptions = {}): () => void {
  const o = {} as Required<AutoCaptureOptions>;
  for (const k in DEFAULTS) {
    const key = k as keyof AutoCaptureOptions;
    const d = DEFAULTS[key];
    const v = options[key] ?? d;
    if (
      typeof d == 'boolean'
        ? typeof v != 'boolean'
        : typeof d == 'number'
          ? !(Number.isInteger(v) && (v as number) > 0)
          : !Array.isArray(v) || v.some((p) => typeof p != 'string')
    ) {
      throw new TypeError(`sls-webtrack: option "${k}" must be ${typeof d == 'object' ? 'an array of strings' : typeof d == 'number' ? 'a positive integer' : 'true or false'}`);
    }
    (o as Record<string, unknown>)[k] = v;
  }
  if (!hasDom()) return () => {};

  const scrub = (url: string) => scrubUrl(url, o.allowedParams, o.keepHash);
  let id: Identity | undefined;
  const emit: Emit = (log) => {
    // Opted out: nothing is captured, and the ids that could recognise the visitor go too.
    if (tracker.isOptedOut()) id?._forget();
    else tracker.track(log);
  };
  const stops: Array<() => void> = [];

  if (o.visitorId || o.sessionId) {
    let store: Storage | undefined;
    try {
      store = localStorage;
    } catch {
      // Reading `localStorage` throws where storage is blocked; the ids then live in memory.
    }
    const ids = (id = createIdentity(store, o.sessionTimeout));
    if (tracker.isOptedOut()) ids._forget();
    stops.push(
      tracker.addContext(() => ({
        visitor_id: o.visitorId ? ids._visitor() : undefined,
        session_id: o.sessionId ? ids._session(Date.now()) : undefined,
      })),
    );
  }
  if (o.errors) stops.push(captureErrors(emit, scrub, o));
  if (o.pageViews) stops.push(capturePageViews(emit, scrub, o.keepHash));
  if (o.vitals) stops.push(captureVitals(emit));
  return () => {
    for (const s of stops.splice(0)) s();
  };
}
