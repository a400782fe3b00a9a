// @ts-check
/**
 * @typedef {object} Route
 * @property {string} title
 * @property {(params: string[]) => Node} render
 */

/**
 * History routing, as an SPA router does it: clicks on `a[data-link]` become `history.pushState`,
 * back and forward re-render from `popstate`, and a `#/…` fragment (a plain link, the browser
 * navigates) selects a route of its own, for the hash-routed style.
 *
 * Create it before auto-capture: its `popstate`/`hashchange` listeners then run first, so the
 * page view auto-capture logs for a back step already carries the new `document.title`.
 * @param {Array<[RegExp, Route]>} table patterns are matched against the path; groups are params
 * @param {Route} notFound
 * @param {(view: Node, path: string) => void} show puts a rendered view on the page
 * @returns {{ navigate(path: string): void }}
 */
export function createRouter(table, notFound, show) {
  /** @param {string} path */
  const resolve = (path) => {
    for (const [pattern, route] of table) {
      const match = pattern.exec(path);
      if (match) return { route, params: match.slice(1) };
    }
    return { route: notFound, params: [] };
  };
  const currentPath = () => (location.hash.startsWith('#/') ? location.hash.slice(1) : location.pathname);
  /** @param {Route} route */
  const setTitle = (route) => {
    document.title = `${route.title} · sls-webtrack demo`;
  };
  const render = () => {
    const path = currentPath();
    const { route, params } = resolve(path);
    setTitle(route);
    show(route.render(params), path);
  };
  /** @param {string} path */
  const navigate = (path) => {
    if (path === location.pathname + location.search && !location.hash) return;
    // Auto-capture logs the page view inside pushState, so the title must change before it.
    setTitle(resolve(new URL(path, location.href).pathname).route);
    history.pushState(null, '', path);
    render();
    scrollTo(0, 0);
  };

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
    // Let the browser have modified clicks (new tab, download) and anything already handled.
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href') ?? '/');
  });
  addEventListener('popstate', render);
  addEventListener('hashchange', render);
  render();
  return { navigate };
}
