// @ts-check
// The script-tag page's own UI. The tracker is not started here: the tag's data- attributes did
// that; this only shows its stats and adds the same buttons as the SPA.
import { createNotes } from './createNotes.js';
import { mountActions } from './mountActions.js';
import { showStats } from './showStats.js';

/** @typedef {{ tracker?: any, createTracker: any }} SlsWebTrackGlobal */

const panel = /** @type {HTMLElement} */ (document.getElementById('panel'));
const tag = /** @type {HTMLScriptElement} */ (document.getElementById('sls-webtrack'));
const [statsBox, actionsBox, notesBox] = [0, 1, 2].map(() => panel.appendChild(document.createElement('div')));
const note = createNotes(/** @type {HTMLElement} */ (notesBox));
const global = () => /** @type {{ SlsWebTrack?: SlsWebTrackGlobal }} */ (/** @type {unknown} */ (window)).SlsWebTrack;

function start() {
  const lib = global();
  if (!lib?.tracker) {
    note('the tracker did not start from the script tag (see the console)', 'error');
    return;
  }
  note('SlsWebTrack.tracker started from data- attributes; the queued call ran');
  showStats(/** @type {HTMLElement} */ (statsBox), lib.tracker);
  mountActions(/** @type {HTMLElement} */ (actionsBox), { tracker: lib.tracker, createTracker: lib.createTracker, collectorUrl: tag.dataset.host ?? '', note });
}

// The tag is async: it may have run before this module or may still be loading.
if (global()) start();
else {
  tag.addEventListener('load', start, { once: true });
  tag.addEventListener('error', () => note('could not load /dist/sls-webtrack.min.js: run npm run build', 'error'), { once: true });
}

document.getElementById('track-click')?.addEventListener('click', () => {
  // Through the stub, as page code written before the tag loaded would call it.
  /** @type {any} */ (window).sls('track', { event: 'button_click', button: 'track-click' });
  note("sls('track', { event: 'button_click' })");
});
