/**
 * Runs `then` once: when the page's title is no longer `title` (looked at every 50 ms), after
 * `ms` at most, or when the function returned is called, whichever comes first. Routers change
 * the URL first and render the new page, its `<title>`, after: a page view waits for it this way
 * (capturePageViews).
 */
export function afterTitle(title: string, ms: number, then: () => void): () => void {
  let waiting = true;
  const end = () => {
    if (waiting) then();
    waiting = false;
  };
  // Once ended, the next look is the last.
  const look = () => waiting && (document.title != title || (ms -= 50) < 0 ? end() : setTimeout(look, 50));
  setTimeout(look, 50);
  return end;
}
