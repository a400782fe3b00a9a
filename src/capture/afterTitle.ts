/**
 * Runs `then` once: when the title `read` gives is no longer the one it gave at the call (looked
 * at every 50 ms), after `ms` at most, or when the function returned is called, whichever comes
 * first. Routers change the URL first and render the new page, its `<title>`, after: a page view
 * waits for it this way (capturePageViews). Polling rather than a MutationObserver: as soon, to
 * within 50 ms, fewer bytes, and a `<title>` anywhere in the document counts.
 */
export function afterTitle(read: () => string, ms: number, then: () => void): () => void {
  const title = read();
  let waiting = true;
  const end = () => {
    if (waiting) then();
    waiting = false;
  };
  // Once ended, the next look is the last.
  const look = () => waiting && (read() != title || (ms -= 50) < 0 ? end() : setTimeout(look, 50));
  setTimeout(look, 50);
  return end;
}
