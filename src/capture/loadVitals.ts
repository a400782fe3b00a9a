import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';

/** The web-vitals functions auto-capture uses. */
export interface WebVitals {
  onCLS: typeof onCLS;
  onFCP: typeof onFCP;
  onINP: typeof onINP;
  onLCP: typeof onLCP;
  onTTFB: typeof onTTFB;
}

/**
 * web-vitals, for the ESM entries: bundled with the app, there at once. The script-tag bundle
 * swaps this module for loadVitalsNextToScript (rollup.config.mjs), which fetches it later.
 */
export const loadVitals = (): Promise<WebVitals> => Promise.resolve({ onCLS, onFCP, onINP, onLCP, onTTFB });
