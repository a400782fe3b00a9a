// Types only, shipped as `sls-webtrack/global`: the globals of the script-tag bundle
// (dist/sls-webtrack.min.js), for a page's own TypeScript. Opt in with
// `/// <reference types="sls-webtrack/global" />` or `"types": ["sls-webtrack/global"]`; the npm
// entries do not declare them, since importing the package creates no global.
import type * as ScriptTag from './script';
import type { CallQueue } from './script';

export type { CallQueue, QueuedCall } from './script';

/** `window.SlsWebTrack`: the whole API, plus `start()`, the started `tracker` and the queued calls. */
export type SlsWebTrackGlobal = typeof ScriptTag;

declare global {
  /**
   * The script-tag bundle's API (README, "Script tag"). Declared present, as a UMD global is;
   * with `async` on the tag, code that may run first uses `slsq` instead.
   */
  var SlsWebTrack: SlsWebTrackGlobal;
  /**
   * The pre-load queue: an array the page's stub pushes calls (or `arguments`) to until the
   * tracker starts, then an object whose `push` runs them at once. Undefined until the stub runs.
   */
  var slsq: CallQueue | undefined;
}
