// @ts-check
import { el } from './el.js';

/**
 * @typedef {{ tracked: number, sent: number, unconfirmed: number, pending: number, notStored: number,
 *   dropped: Record<string, number | undefined> }} TrackerStats
 */

/**
 * Shows `tracker.stats()` and refreshes it four times a second: polling, since the tracker has
 * no change event, and a quarter second is fast enough to watch a burst drain.
 * @param {HTMLElement} parent
 * @param {{ stats(): TrackerStats }} tracker
 */
export function showStats(parent, tracker) {
  const cells = {
    tracked: el('dd', { 'data-stat': 'tracked' }),
    sent: el('dd', { 'data-stat': 'sent' }),
    pending: el('dd', { 'data-stat': 'pending' }),
    dropped: el('dd', { 'data-stat': 'dropped' }),
    unconfirmed: el('dd', { 'data-stat': 'unconfirmed' }),
    notStored: el('dd', { 'data-stat': 'notStored' }),
  };
  const reasons = el('p', { class: 'muted small' });
  const term = (/** @type {string} */ text, /** @type {string} */ help) => el('dt', { title: help }, text);
  parent.append(
    el('h2', {}, 'tracker.stats()'),
    el('dl', { class: 'stats' },
      term('tracked', 'logs accepted by track()'), cells.tracked,
      term('sent', 'logs the collector answered 200 for'), cells.sent,
      term('pending', 'logs waiting: batched, queued or in flight'), cells.pending,
      term('dropped', 'logs dropped, by reason below'), cells.dropped,
      term('unconfirmed', 'sent on unload, answer never seen'), cells.unconfirmed,
      term('not stored', 'logs IndexedDB could not keep'), cells.notStored,
    ),
    reasons,
  );
  const format = new Intl.NumberFormat('en');
  const update = () => {
    const s = tracker.stats();
    const dropped = Object.entries(s.dropped).filter(([, n]) => n);
    cells.tracked.textContent = format.format(s.tracked);
    cells.sent.textContent = format.format(s.sent);
    cells.pending.textContent = format.format(s.pending);
    cells.dropped.textContent = format.format(dropped.reduce((sum, [, n]) => sum + (n ?? 0), 0));
    cells.unconfirmed.textContent = format.format(s.unconfirmed);
    cells.notStored.textContent = format.format(s.notStored);
    reasons.textContent = dropped.length ? `dropped by reason: ${dropped.map(([r, n]) => `${r} ${n}`).join(', ')}` : '';
  };
  update();
  setInterval(update, 250);
}
