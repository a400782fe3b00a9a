/**
 * Runs `then` once: when the page's title is no longer `title`, after `ms` at most, or when the
 * function returned is called, whichever comes first. Routers change the URL first and render the
 * new page, its `<title>`, after: a page view waits for it this way (capturePageViews).
 */
export function afterTitle(title: string, ms: number, then: () => void): () => void {
  const d = document;
  let waiting = true;
  const end = () => {
    if (!waiting) return;
    waiting = false;
    clearTimeout(timer);
    watch.disconnect();
    then();
  };
  const timer = setTimeout(end, ms);
  const watch = new MutationObserver(() => d.title != title && end());
  // Any change below <head>: a router sets document.title, React 19 and Next insert a <title>.
  watch.observe(d.head ?? d.documentElement, { subtree: true, childList: true, characterData: true });
  return end;
}
