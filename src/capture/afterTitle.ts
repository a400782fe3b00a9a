/**
 * Looks at the title `read` gives every 50 ms for `ms`, then calls `then` with the last title seen;
 * the function returned ends the wait at once, the same way (once in all). Routers change the URL
 * first and render the new page, its `<title>`, after: a page view waits so (capturePageViews).
 * The last title *seen*, not the one now: when the next navigation ends the wait, its router may
 * have set the next page's title already (some do before `pushState`).
 */
export function afterTitle(read: () => string, ms: number, then: (title: string) => void): () => void {
  let seen = read();
  let waiting = true;
  const end = () => {
    if (waiting) then(seen);
    waiting = false;
  };
  const look = () => {
    if (!waiting) return;
    seen = read();
    if ((ms -= 50) > 0) setTimeout(look, 50);
    else end();
  };
  setTimeout(look, 50);
  return end;
}
