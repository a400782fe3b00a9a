// @ts-check
import { el } from './el.js';
import { hostileLog } from './hostileLog.js';

/**
 * @typedef {{ track(log: unknown): void, flush(): Promise<void> }} Tracker
 * @typedef {(options: Record<string, unknown>) => Tracker} CreateTracker
 */

/**
 * The "try it" buttons: things a real page does by accident (throw, leave a promise rejected,
 * point at a missing image), which auto-capture logs, plus a burst, a hostile log, and two
 * misconfigured trackers to show what `onError` reports.
 * @param {HTMLElement} parent
 * @param {{ tracker: Tracker, createTracker: CreateTracker, collectorUrl: string,
 *   note: (text: string, kind?: 'info' | 'warn' | 'error') => void }} deps
 */
export function mountActions(parent, { tracker, createTracker, collectorUrl, note }) {
  const sandbox = el('div', { class: 'sandbox', 'aria-hidden': 'true' });
  /** @type {Record<string, Tracker>} */
  const misconfigured = {};
  let bursts = 0;

  /** @type {Array<[string, string, () => void]>} */
  const actions = [
    ['throw', 'Throw an error', () => {
      // Uncaught on purpose: auto-capture's window `error` listener logs it.
      throw new Error('Demo error: the button threw');
    }],
    ['reject', 'Reject a promise', () => {
      void Promise.reject(new Error('Demo rejection: nobody caught this promise'));
    }],
    ['image', 'Load a broken image', () => {
      const img = el('img', { alt: '', src: `/site/missing-image.png?n=${Date.now()}` });
      img.addEventListener('error', () => img.remove());
      sandbox.append(img);
    }],
    ['burst', 'Send 10,000 logs', () => {
      const burst = ++bursts;
      const start = performance.now();
      for (let i = 0; i < 10_000; i++) tracker.track({ event: 'burst', burst, i });
      note(`tracked 10,000 logs in ${Math.round(performance.now() - start)} ms (burst ${burst})`);
    }],
    ['hostile', 'Track hostile content', () => {
      tracker.track(hostileLog());
      note('tracked a hostile log: 2 MB string, emoji, lone surrogate, markup, cycle, BigInt');
    }],
    ['closed', 'Logstore with Web Tracking off (401)', () => sendMisconfigured('closed')],
    ['missing', 'Logstore that does not exist (404)', () => sendMisconfigured('no-such-logstore')],
    ['flush', 'flush()', () => {
      void tracker.flush().then(() => note('flush() resolved'));
    }],
  ];

  /** A second tracker pointed at a logstore the collector refuses; its onError lands in the notes. @param {string} logstore */
  function sendMisconfigured(logstore) {
    misconfigured[logstore] ??= createTracker({
      host: collectorUrl,
      project: 'demo',
      logstore,
      flushInterval: 100,
      // Not kept in IndexedDB: the demo should not retry these on every visit.
      persist: false,
      onError: (/** @type {{ status: number, errorCode: string, message: string }} */ e) =>
        note(`onError (logstore "${logstore}"): ${e.status} ${e.errorCode}: ${e.message}`, 'error'),
    });
    misconfigured[logstore].track({ event: 'misconfigured', logstore });
    void misconfigured[logstore].flush();
  }

  const buttons = el('div', { class: 'actions' });
  for (const [id, label, run] of actions) {
    const button = el('button', { type: 'button', 'data-action': id }, label);
    button.addEventListener('click', run);
    buttons.append(button);
  }
  parent.append(el('h2', {}, 'Try it'), buttons, sandbox);
}
