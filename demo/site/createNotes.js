// @ts-check
import { el } from './el.js';

/**
 * A short list of what the tracker reported to the page (`onDrop`, `onError`) and what the
 * buttons did, newest first, so the callbacks are visible without opening the console.
 * @param {HTMLElement} parent
 * @returns {(text: string, kind?: 'info' | 'warn' | 'error') => void}
 */
export function createNotes(parent) {
  const list = el('ol', { class: 'notes', 'aria-live': 'polite' });
  parent.append(el('h2', {}, 'Tracker reports'), list);
  return (text, kind = 'info') => {
    const time = new Date().toLocaleTimeString();
    list.prepend(el('li', { class: kind }, el('time', {}, time), ' ', text));
    // Bounded: a page that drops logs in a loop must not grow the DOM with it.
    while (list.childElementCount > 12) list.lastElementChild?.remove();
  };
}
