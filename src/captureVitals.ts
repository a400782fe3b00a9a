import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType } from 'web-vitals';
import type { Emit } from './capturePageViews';

/**
 * Logs Core Web Vitals and their helpers (`type: 'vital'`: LCP, CLS, INP, FCP, TTFB) with
 * web-vitals, final values only (`reportAllChanges: false`): web-vitals reports LCP, CLS and INP
 * when the page hides, so `flush` runs right after them. Our own hide listener may have run
 * before web-vitals' (it registers lazily, e.g. only once a prerendered page is shown), and a
 * log left in the batch then would wait for a timer that an unloading page never runs.
 *
 * web-vitals cannot be unsubscribed; stopping only mutes the callback.
 */
export function captureVitals(emit: Emit, flush: () => void): () => void {
  let on = true;
  let flushing = false;
  const report = ({ name, value, rating, delta, id, navigationType }: MetricType) => {
    if (!on) return;
    emit({ type: 'vital', name, value, rating, delta, id, navigationType });
    // CLS and INP come in one task on hide: a microtask sends them in one request.
    if (document.visibilityState == 'hidden' && !flushing) {
      flushing = true;
      queueMicrotask(() => {
        flushing = false;
        flush();
      });
    }
  };
  for (const f of [onLCP, onCLS, onINP, onFCP, onTTFB]) f(report as never);
  return () => {
    on = false;
  };
}
