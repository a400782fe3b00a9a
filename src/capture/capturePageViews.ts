import type { Tracker } from '../types';
import { addListeners } from '../lib/addListeners';
import { afterTitle } from './afterTitle';

/**
 * Where auto-capture hands its logs: the tracker's `track()` with the time the logged thing
 * happened (default now), unless opted out.
 */
export type Emit = (log: Record<string, unknown>, time?: number) => void;

type HistoryMethod = 'pushState' | 'replaceState';

/**
 * A page view is logged this long after its navigation, with the page's title then: routers change
 * the URL first and render the new page, its `<title>`, after (React 19, Next's metadata), often
 * after loading its code or data. Leaving the page ends the wait at once. (Here, not in
 * lib/timings.ts: a constant the core shares would move into a chunk of its own, and cost the
 * core's esbuild bundle its inlining.)
 */
const TITLE_WAIT_MS = 1000;

/**
 * Logs a page view (`type: 'pageview'`) for the first load and for every later change of the
 * page's URL: SPA route changes (`pushState`, `replaceState`, `popstate`), `hashchange`,
 * back/forward-cache restores (`bfcache`) and a prerendered page when it is shown (`prerender`),
 * not while it is prerendered. With `auto` false (`pageViews: 'manual'`), none of these. Either way
 * it gives `tracker` its `pageView(fields)`: a view the page asks for (trigger `manual`), logged
 * at once, `fields` over the view's own. Returns its stop.
 *
 * One navigation is one page view: a view is logged only when the URL differs from the last one
 * logged (the fragment counts only with `keepHash`), so `replaceState` to the same URL, the
 * `popstate` + `hashchange` pair of one fragment navigation or back step, or a router's
 * `pushState` followed by the same URL's `hashchange` log nothing more. A change of the fragment
 * alone is labelled `hashchange` whichever event saw it first (browsers fire `popstate` before
 * `hashchange` for it).
 *
 * The title: routers change the URL first and render the new page (its `<title>`) after, so an
 * automatic view is logged TITLE_WAIT_MS after its navigation, with the title its last look saw
 * (afterTitle, every 50 ms) and the time of its navigation. It never waits longer than the page
 * stays: the next view, the page hiding or leaving, and stop() log it at once, with the title
 * seen last (the next page's router may have set its own already).
 */
export function capturePageViews(emit: Emit, scrub: (url: string) => string, keepHash: boolean, auto: boolean, tracker: Tracker): () => void {
  const L = location;
  const d = document as Document & { prerendering?: boolean };
  let last: string | undefined;
  let lastPath: string | undefined;
  let on = true;
  // Logs the view waiting for its title now, if one does.
  let done = () => {};
  const noHash = (url: string) => url.split('#')[0];

  const view = (trigger: string, always?: boolean, fields?: Record<string, unknown>) => {
    done();
    const href = L.href;
    const key = keepHash ? href : noHash(href);
    if (!on || d.prerendering || (key == last && !always)) return;
    if (trigger == 'popstate' && noHash(href) == noHash(last ?? '')) trigger = 'hashchange';
    const log = {
      type: 'pageview',
      trigger,
      url: scrub(href),
      path: L.pathname,
      title: d.title,
      referrer: scrub(d.referrer),
      viewport: innerWidth + 'x' + innerHeight,
      // A route change (or a manual view) follows the last view, if any; a load or a restore none.
      prev_path: !always || fields ? lastPath : undefined,
      ...fields,
    };
    last = key;
    lastPath = L.pathname;
    if (fields) return emit(log);
    const time = Date.now();
    done = afterTitle(() => d.title, TITLE_WAIT_MS, (title) => emit({ ...log, title }, time));
  };

  // Wrap rather than replace, so that routers and other trackers that patched history before us
  // still run, and ones that patch after us keep working when we stop: then our wrapper, if no
  // longer on top, stays in place but only calls through.
  const patch = (name: HistoryMethod) => {
    const orig = history[name];
    const wrapped = function (this: History, ...args: Parameters<History[HistoryMethod]>) {
      const r = orig.apply(this, args);
      view(name);
      return r;
    };
    history[name] = wrapped;
    return () => {
      if (history[name] == wrapped) history[name] = orig;
    };
  };
  const stops = [] as Array<() => void>;
  if (auto) {
    stops.push(patch('pushState'), patch('replaceState'));
    // Hidden or leaving (`visibilitychange`, `pagehide`): view() logs the view waiting for its
    // title first, while the tracker (its listener on document, or its pagehide after this one)
    // can still send it, then finds the URL logged already.
    const onEvent = (e: Event) => {
      const type = e.type;
      if (type == 'pageshow') {
        if ((e as PageTransitionEvent).persisted) view('bfcache', true);
      } else view(type == 'prerenderingchange' ? 'prerender' : type, type == 'prerenderingchange');
    };
    // `prerenderingchange` is fired at document: the capture phase on window sees it too.
    stops.push(addListeners(['popstate', 'hashchange', 'pageshow', 'prerenderingchange', 'visibilitychange', 'pagehide'].map((t) => [window, t, onEvent])));
    view('load', true);
  }

  tracker.pageView = (fields) => view('manual', true, fields ?? {});
  return () => {
    done();
    on = false;
    for (const s of stops) s();
  };
}
