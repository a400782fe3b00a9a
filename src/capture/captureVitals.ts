import type { MetricType } from 'web-vitals';
import type { Emit } from './capturePageViews';
import { loadVitals, type WebVitals } from './loadVitals';

/**
 * Logs Core Web Vitals and their helpers (`type: 'vital'`: LCP, CLS, INP, FCP, TTFB) with
 * web-vitals, final values only (`reportAllChanges: false`): LCP, CLS and INP come when the page
 * hides. They reach the collector because web-vitals listens for `visibilitychange` on window in
 * the capture phase, which runs before the tracker's own listener on document sends what waits.
 *
 * web-vitals comes through loadVitals: bundled for the ESM entries, a second file for the script
 * tag. When it cannot load, one log says so (`type: 'error'`, `kind: 'vitals'`), so the site sees
 * why its vitals are missing. web-vitals cannot be unsubscribed; stopping only mutes the callback.
 */
export function captureVitals(emit: Emit): () => void {
  let on = true;
  const report = ({ name, value, rating, delta, id, navigationType }: MetricType) => {
    if (on) emit({ type: 'vital', name, value, rating, delta, id, navigationType });
  };
  loadVitals().then(
    (v) => {
      // Each of the five (WebVitals holds them and nothing else).
      for (const k in v) v[k as keyof WebVitals](report);
    },
    (e: unknown) => {
      // loadVitals rejects with an Error naming the URL.
      if (on) emit({ type: 'error', kind: 'vitals', message: (e as Error).message });
    },
  );
  return () => {
    on = false;
  };
}
