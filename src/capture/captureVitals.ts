import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType } from 'web-vitals';
import type { Emit } from './capturePageViews';

/**
 * Logs Core Web Vitals and their helpers (`type: 'vital'`: LCP, CLS, INP, FCP, TTFB) with
 * web-vitals, final values only (`reportAllChanges: false`): LCP, CLS and INP come when the page
 * hides. They reach the collector because web-vitals listens for `visibilitychange` on window in
 * the capture phase, which runs before the tracker's own listener on document sends what waits.
 *
 * web-vitals cannot be unsubscribed; stopping only mutes the callback.
 */
export function captureVitals(emit: Emit): () => void {
  let on = true;
  const report = ({ name, value, rating, delta, id, navigationType }: MetricType) => {
    if (on) emit({ type: 'vital', name, value, rating, delta, id, navigationType });
  };
  for (const f of [onLCP, onCLS, onINP, onFCP, onTTFB]) f(report);
  return () => {
    on = false;
  };
}
