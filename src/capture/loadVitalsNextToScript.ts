import type { WebVitals } from './loadVitals';

/** The file next to the script-tag bundle that holds web-vitals (rollup.config.mjs builds it). */
export const VITALS_FILE = 'sls-webtrack.vitals.js';

// Read while the bundle runs: `currentScript` is its own tag only then.
const ownUrl = typeof document == 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.src;

/**
 * web-vitals for the script-tag bundle, which leaves it out to be smaller on the page's critical
 * path: once the page has loaded, `sls-webtrack.vitals.js` is loaded from next to the bundle's
 * own URL (no configuration) as a classic script, so a CDN needs no CORS for it; it puts the
 * functions in `window.slsVitals`. web-vitals reads the buffered performance entries, so LCP, CLS,
 * INP, FCP and TTFB are measured from the start all the same and reported final when the page
 * hides (README, "Web vitals from the script tag"). Rejects, with the URL, when it cannot load.
 */
export function loadVitals(): Promise<WebVitals> {
  return new Promise((resolve, reject) => {
    const load = () => {
      const s = document.createElement('script');
      // A script added by code is async already. The src setter takes a URL object as its text;
      // read back, src is the absolute URL.
      s.src = (ownUrl ? new URL(VITALS_FILE, ownUrl) : VITALS_FILE) as string;
      const fail = () => reject(new Error(`${s.src} did not load`));
      s.onload = () => {
        // A file that runs but defines nothing (another file at that URL) did not load it either.
        const v = (window as { slsVitals?: WebVitals }).slsVitals;
        if (v) resolve(v);
        else fail();
      };
      s.onerror = fail;
      document.head.append(s);
    };
    // `load` fires once per document (a back/forward-cache restore fires `pageshow`).
    if (document.readyState == 'complete') load();
    else addEventListener('load', load);
  });
}
