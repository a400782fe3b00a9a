import { addListeners } from '../lib/addListeners';

/** Where auto-capture hands its logs: the tracker's `track()`, unless opted out. */
export type Emit = (log: Record<string, unknown>) => void;

type HistoryMethod = 'pushState' | 'replaceState';

/**
 * Logs a page view (`type: 'pageview'`) for the first load and for every later change of the
 * page's URL: SPA route changes (`pushState`, `replaceState`, `popstate`), `hashchange`,
 * back/forward-cache restores (`bfcache`) and a prerendered page when it is shown (`prerender`),
 * not while it is prerendered.
 *
 * One navigation is one page view: a view is logged only when the URL differs from the last one
 * logged (the fragment counts only with `keepHash`), so `replaceState` to the same URL, the
 * `popstate` + `hashchange` pair of one fragment navigation or back step, or a router's
 * `pushState` followed by the same URL's `hashchange` log nothing more. A change of the fragment
 * alone is labelled `hashchange` whichever event saw it first (browsers fire `popstate` before
 * `hashchange` for it).
 */
export function capturePageViews(emit: Emit, scrub: (url: string) => string, keepHash: boolean): () => void {
  const L = location;
  const d = document as Document & { prerendering?: boolean };
  let last: string | undefined;
  let lastPath: string | undefined;
  let on = true;
  const noHash = (url: string) => url.split('#')[0];

  const view = (trigger: string, always?: boolean) => {
    const href = L.href;
    const key = keepHash ? href : noHash(href);
    if (d.prerendering || (key == last && !always)) return;
    const route = !always && last !== undefined;
    if (trigger == 'popstate' && noHash(href) == noHash(last ?? '')) trigger = 'hashchange';
    emit({
      type: 'pageview',
      trigger,
      url: scrub(href),
      path: L.pathname,
      title: d.title,
      referrer: scrub(d.referrer),
      viewport: innerWidth + 'x' + innerHeight,
      prev_path: route ? lastPath : undefined,
    });
    last = key;
    lastPath = L.pathname;
  };

  // Wrap rather than replace, so that routers and other trackers that patched history before us
  // still run, and ones that patch after us keep working when we stop: then our wrapper, if no
  // longer on top, stays in place but only calls through.
  const patch = (name: HistoryMethod) => {
    const orig = history[name];
    const wrapped = function (this: History, ...args: Parameters<History[HistoryMethod]>) {
      const r = orig.apply(this, args);
      if (on) view(name);
      return r;
    };
    history[name] = wrapped;
    return () => {
      if (history[name] == wrapped) history[name] = orig;
    };
  };
  const unpatch = [patch('pushState'), patch('replaceState')];
  const onEvent = (e: Event) => {
    if (e.type == 'pageshow') {
      if ((e as PageTransitionEvent).persisted) view('bfcache', true);
    } else view(e.type == 'prerenderingchange' ? 'prerender' : e.type, e.type == 'prerenderingchange');
  };
  // `prerenderingchange` is fired at document: the capture phase on window sees it too.
  const unlisten = addListeners(['popstate', 'hashchange', 'pageshow', 'prerenderingchange'].map((t) => [window, t, onEvent]));
  view('load', true);

  return () => {
    on = false;
    unlisten();
    for (const u of unpatch) u();
  };
}
