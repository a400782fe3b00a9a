// The script-tag bundle's web-vitals, a file of its own (dist/sls-webtrack.vitals.js): the bundle
// loads it from next to itself once the page has loaded (capture/loadVitalsNextToScript.ts).
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { WebVitals } from './capture/loadVitals';

(window as { slsVitals?: WebVitals }).slsVitals = { onCLS, onFCP, onINP, onLCP, onTTFB };
