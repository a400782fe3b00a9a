import type { Emit } from './capturePageViews';
import { createRateLimiter } from './createRateLimiter';
import { addListeners } from '../lib/addListeners';
import { scrubUrls } from './scrubUrls';
import { toStringValue } from '../normalize/toStringValue';

/** Limits of {@link captureErrors}; see `AutoCaptureOptions` for their meaning and defaults. */
export interface ErrorLimits {
  maxSameErrors: number;
  maxErrors: number;
  errorWindow: number;
  stackLimit: number;
}

type ErrorLog = Record<string, unknown>;

/**
 * Logs (`type: 'error'`) uncaught errors (`kind: 'error'`), unhandled promise rejections
 * (`rejection`, whatever the reason's type) and failed loads of scripts, images, stylesheets and
 * media (`resource`, seen by the capture-phase `error` listener on window, since they do not
 * bubble).
 *
 * A page stuck in an error loop must not flood the queue: per `errorWindow`, an error with the
 * same kind, message, source, line and column is logged `maxSameErrors` times and all errors
 * `maxErrors` times. The rest are counted and, when the window ends (or the page hides first),
 * reported as one summary log each: the first suppressed error's fields plus `suppressed: <count>`
 * and `limit: 'same'`, or, for errors over `maxErrors` that had not been logged in the window,
 * one summary of all of them with `limit: 'all'` and the first one's fields.
 *
 * `early`: the events buffered before this started (the script tag's snippet), captured first,
 * as if live, with the time each happened (its `timeStamp`).
 */
export function captureErrors(emit: Emit, scrub: (url: string) => string, o: ErrorLimits, early: readonly Event[], now = Date.now): () => void {
  const limiter = createRateLimiter<ErrorLog>(o.maxSameErrors, o.maxErrors, o.errorWindow);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const summarize = (t: number) => {
    const done = limiter._sweep(t);
    if (done.length) timer = void clearTimeout(timer);
    for (const d of done) emit({ ...d._value, suppressed: d._count, limit: d._overTotal ? 'all' : 'same' });
  };
  const report = (log: ErrorLog, e: Event) => {
    const t = now();
    summarize(t);
    log.type = 'error';
    // An error's time is its event's (timeStamp counts from the time origin): an early one,
    // replayed, keeps its own.
    if (limiter._take(JSON.stringify([log.kind, log.message, log.source, log.line, log.column]), log, t)) emit(log, performance.timeOrigin + e.timeStamp);
    else timer ??= setTimeout(() => summarize(now()), o.errorWindow);
  };
  // Messages and stacks name URLs too (`at https://…/app.js?token=…:3:9`): scrubbed like the rest.
  const text = (s: string) => scrubUrls(s, scrub);
  const stack = (e: unknown) => {
    const s = (e as Error | undefined)?.stack;
    return typeof s == 'string' ? text(s).slice(0, o.stackLimit) : undefined;
  };

  // Capture phase: failed resource loads do not bubble, but go through window on the way down.
  const onEvent = (e: Event) => {
    const t = e.target as (Element & { src?: unknown; href?: unknown; currentSrc?: unknown }) | null;
    if (e instanceof ErrorEvent) {
      report({ kind: 'error', message: text(e.message), source: scrub(e.filename), line: e.lineno, column: e.colno, stack: stack(e.error) }, e);
    } else if (t?.tagName) {
      // Only a failed load targets an element: the other events here target window or document.
      const url = t.currentSrc || t.src || t.href;
      report({ kind: 'resource', tag: t.tagName.toLowerCase(), source: typeof url == 'string' ? scrub(url) : undefined }, e);
    } else if (e.type == 'unhandledrejection') {
      const r = (e as PromiseRejectionEvent).reason as unknown;
      // An Error prints as "Name: message" (Error.prototype.toString).
      report({ kind: 'rejection', message: text(r instanceof Error ? String(r) : (toStringValue(r) ?? String(r))), stack: stack(r) }, e);
    } else if (e.type == 'pagehide' || document.visibilityState == 'hidden') {
      // The page may never come back: report what was suppressed now, while the tracker's own
      // listener (on document, so after this one on window) can still send it.
      summarize(Infinity);
    }
  };
  for (const e of early) onEvent(e);
  const stop = addListeners(['error', 'unhandledrejection', 'visibilitychange', 'pagehide'].map((t) => [window, t, onEvent]));
  return () => {
    stop();
    summarize(Infinity);
  };
}
