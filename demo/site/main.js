// @ts-check
// The SPA, the way an app with a bundler uses the library: the core entry and the auto-capture
// entry of the ESM build.
import { createTracker } from '/dist/sls-webtrack.mjs';
import { autoCapture } from '/dist/auto.mjs';
import { createNotes } from './createNotes.js';
import { createRouter } from './createRouter.js';
import { createRoutes } from './createRoutes.js';
import { mountActions } from './mountActions.js';
import { showStats } from './showStats.js';

const collectorUrl = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="sls-collector"]')).content;
const panel = /** @type {HTMLElement} */ (document.getElementById('panel'));
const view = /** @type {HTMLElement} */ (document.getElementById('view'));
const [statsBox, actionsBox, notesBox] = [0, 1, 2].map(() => panel.appendChild(document.createElement('div')));
// The notes exist before the tracker: its callbacks write to them.
const note = createNotes(/** @type {HTMLElement} */ (notesBox));

const tracker = createTracker({
  host: collectorUrl,
  project: 'demo',
  logstore: 'web',
  topic: 'spa',
  tags: { app: 'demo-shop' },
  flushInterval: 1000,
  // Open the page with ?debug to see the tracker's drops, renames and retries in the console.
  debug: new URLSearchParams(location.search).has('debug'),
  onDrop: (/** @type {{ reason: string, count: number, detail?: string }} */ d) =>
    note(`onDrop: ${d.count} log(s), ${d.reason}${d.detail ? ` (${d.detail})` : ''}`, 'warn'),
  onError: (/** @type {{ status: number, errorCode: string, message: string }} */ e) =>
    note(`onError: ${e.status} ${e.errorCode}: ${e.message}`, 'error'),
});

// The router first, auto-capture second (see createRouter for why the order matters).
const { table, notFound } = createRoutes(tracker);
createRouter(table, notFound, (node, path) => {
  view.replaceChildren(node);
  for (const a of document.querySelectorAll('#nav a')) {
    const href = a.getAttribute('href') ?? '';
    const here = location.hash.startsWith('#/') ? location.hash : path;
    a.classList.toggle('active', href === here || (href !== '/' && here.startsWith(`${href}/`)));
  }
});
autoCapture(tracker, { keepHash: true });

showStats(/** @type {HTMLElement} */ (statsBox), tracker);
mountActions(/** @type {HTMLElement} */ (actionsBox), { tracker, createTracker, collectorUrl, note });
// For playing in the console: demo.tracker.track({ hello: 'world' }).
Object.assign(window, { demo: { tracker } });
