// @ts-check
// The signed-mode page: a tracker from sls-webtrack/sts whose credentials come from the
// collector's stand-in for the app's token endpoint (what an app's backend does with STS
// AssumeRole: README, "Signed mode (STS)").
import { createTracker } from '/dist/sts.mjs';
import { createNotes } from './createNotes.js';
import { showStats } from './showStats.js';

const collectorUrl = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="sls-collector"]')).content;
const panel = /** @type {HTMLElement} */ (document.getElementById('panel'));
const [statsBox, notesBox] = [0, 1].map(() => panel.appendChild(document.createElement('div')));
const note = createNotes(/** @type {HTMLElement} */ (notesBox));

/** The app's token endpoint, stood in for by the collector: temporary credentials, 15 minutes. */
async function credentials() {
  const res = await fetch(`${collectorUrl}/_collector/sts/token?ttl=900`);
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  const c = await res.json();
  // Never the secret or the token: only that new credentials came.
  note(`credentials(): ${c.accessKeyId}, until ${c.expiration}`);
  return c;
}

const tracker = createTracker({
  host: collectorUrl,
  project: 'demo',
  logstore: 'web',
  topic: 'signed',
  flushInterval: 1000,
  credentials,
  debug: new URLSearchParams(location.search).has('debug'),
  onDrop: (/** @type {{ reason: string, count: number, detail?: string }} */ d) =>
    note(`onDrop: ${d.count} log(s), ${d.reason}${d.detail ? ` (${d.detail})` : ''}`, 'warn'),
  onError: (/** @type {{ status: number, errorCode: string, message: string }} */ e) =>
    note(`onError: ${e.status} ${e.errorCode}: ${e.message}`, 'error'),
});
showStats(/** @type {HTMLElement} */ (statsBox), tracker);
tracker.track({ event: 'signed_page_view', path: location.pathname });

const on = (/** @type {string} */ id, /** @type {() => void} */ run) => document.getElementById(id)?.addEventListener('click', run);
on('track', () => {
  tracker.track({ event: 'signed_click' });
  note("track({ event: 'signed_click' })");
});
on('multibyte', () => {
  tracker.track({ event: 'signed_multibyte', text: '日本語 · émoji 🎉 · Ünïcödé' });
  note('track({ text: "日本語 · émoji 🎉 · Ünïcödé" })');
});
on('expire', () => {
  void fetch(`${collectorUrl}/_collector/sts/expire`, { method: 'POST' }).then(async (r) => {
    note(`collector: ${(await r.json()).expired} token(s) expired; the next send gets a 401 and refreshes`, 'warn');
  });
});
