// @ts-check
import { el } from './el.js';
import { products } from './products.js';

/**
 * @typedef {import('./createRouter.js').Route} Route
 * @typedef {{ track(log: unknown, options?: { topic?: string }): void }} Tracker
 */

/**
 * The shop's pages. Product pages track a business event of their own (`add_to_cart`) beside the
 * page views auto-capture logs.
 * @param {Tracker} tracker
 * @returns {{ table: Array<[RegExp, Route]>, notFound: Route }}
 */
export function createRoutes(tracker) {
  const link = (/** @type {string} */ href, /** @type {string} */ text) => el('a', { href, 'data-link': '' }, text);

  /** @type {Route} */
  const home = {
    title: 'Home',
    render: () =>
      el('section', {},
        el('h1', {}, 'A tiny shop that tracks itself'),
        el('p', {}, 'Every page view, error and web vital on this site is sent to the local collector ',
          'through the PutWebTracking API, batched and LZ4-compressed, cross-origin (the collector is on another port, ',
          'so each request is preceded by a CORS preflight).'),
        el('p', {}, 'Browse the ', link('/products', 'products'), ', read ', link('/about', 'about'),
          ' the demo, or open ', el('a', { href: '#/help' }, 'help'), ' (a hash route), then use the buttons on the right ',
          'and watch the live viewer.'),
      ),
  };
  /** @type {Route} */
  const list = {
    title: 'Products',
    render: () =>
      el('section', {},
        el('h1', {}, 'Products'),
        el('ul', { class: 'cards' },
          ...products.map((p) =>
            el('li', {}, link(`/products/${p.id}`, p.name), el('span', { class: 'price' }, `$${p.price}`), el('p', {}, p.blurb)),
          ),
        ),
      ),
  };
  /** @type {Route} */
  const detail = {
    title: 'Product',
    render: ([id]) => {
      const product = products.find((p) => p.id === id);
      if (!product) return notFound.render([]);
      const status = el('p', { class: 'muted', role: 'status' });
      const add = el('button', { type: 'button', class: 'primary' }, 'Add to cart');
      add.addEventListener('click', () => {
        tracker.track({ event: 'add_to_cart', product_id: product.id, product: product.name, price: product.price });
        status.textContent = `Tracked add_to_cart for ${product.name}.`;
      });
      return el('section', {},
        el('p', {}, link('/products', '← All products')),
        el('h1', {}, product.name),
        el('p', { class: 'price big' }, `$${product.price}`),
        el('p', {}, product.blurb),
        add,
        status,
      );
    },
  };
  /** @type {Route} */
  const about = {
    title: 'About',
    render: () =>
      el('section', {},
        el('h1', {}, 'About this demo'),
        el('p', {}, 'The shop is a single-page app: links call history.pushState and back/forward work, ',
          'so auto-capture logs one page view per route change (trigger pushState or popstate).'),
        el('p', {}, 'Nothing leaves 127.0.0.1: the collector is a faithful local implementation of the ',
          'SLS Web Tracking endpoint, and it keeps what it receives in .collector-data/.'),
      ),
  };
  /** @type {Route} */
  const help = {
    title: 'Help',
    render: () =>
      el('section', {},
        el('h1', {}, 'Help (a hash route)'),
        el('p', {}, 'This view is chosen by the fragment #/help. The tracker is started with keepHash: true, ',
          'so a change of the fragment counts as a page view and the fragment stays in the logged URL.'),
        el('p', {}, link('/', 'Back home')),
      ),
  };
  /** @type {Route} */
  const notFound = {
    title: 'Not found',
    render: () => el('section', {}, el('h1', {}, 'Not found'), el('p', {}, link('/', 'Back home'))),
  };

  return {
    table: [
      [/^\/$/, home],
      [/^\/products\/?$/, list],
      [/^\/products\/([^/]+)$/, detail],
      [/^\/about\/?$/, about],
      [/^\/help$/, help],
    ],
    notFound,
  };
}
