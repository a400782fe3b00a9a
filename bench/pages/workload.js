// The reference workload of the benchmarks: page-view and click logs of realistic size (about ten
// fields: URL, path, title, referrer, viewport, element selector, timestamps), one page view for
// three clicks. Deterministic (a seeded PRNG), so every run and both trackers see the same logs.
// Plain ESM: loaded by the bench page and by Node (bench/run.ts) alike.

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = ['wireless-headphones', 'usb-c-charger', 'mechanical-keyboard', 'running-shoes', 'espresso-machine', 'desk-lamp', 'yoga-mat', 'backpack-30l'];
const TITLES = ['Wireless Headphones – Example Shop', 'USB-C Charger 65W – Example Shop', 'Mechanical Keyboard – Example Shop', 'Running Shoes – Example Shop', 'Espresso Machine – Example Shop', 'Desk Lamp – Example Shop', 'Yoga Mat – Example Shop', 'Backpack 30 L – Example Shop'];
const SELECTORS = ['main > div.product-grid > article:nth-child(3) > button.add-to-cart', 'header > nav > ul > li:nth-child(2) > a', 'div#cart-drawer > footer > button.checkout', 'form#search > input[name="q"]', 'main > section.reviews > button.load-more', 'footer > div.newsletter > form > button'];
const TEXTS = ['Add to cart', 'Deals', 'Checkout', '', 'Load more reviews', 'Subscribe'];
const REFERRERS = ['https://www.example.com/search?q=headphones', 'https://news.example.org/article/best-gadgets-2024', '', 'https://shop.example.com/'];
const WORDS = ['TypeError:', 'Cannot', 'read', 'properties', 'of', 'undefined', "(reading 'price')", 'renderCart', 'https://shop.example.com/assets/app.3f9c2a.js:1:48213', 'CheckoutForm', 'useEffect', 'commitRoot', 'performSyncWorkOnRoot', 'flushPassiveEffects', 'Promise.then', 'async', 'HTMLButtonElement.onclick', 'item', 'quantity', 'sku-' + 'A1B2'];
const VIEWPORTS = ['1440x900', '1920x1080', '390x844', '1366x768'];

/**
 * `count` logs starting at index `from`. `pad` adds a filler field of that many characters, to
 * build the large batches of the 3 MB test out of fewer logs.
 */
export function makeLogs(count, { seed = 42, from = 0, pad = 0 } = {}) {
  const rnd = prng(seed + from);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const t0 = 1_700_000_000_000;
  const logs = new Array(count);
  let session = '';
  for (let k = 0; k < count; k++) {
    const i = from + k;
    if (i % 50 === 0 || !session) session = Math.floor(rnd() * 36 ** 8).toString(36);
    const p = Math.floor(rnd() * PRODUCTS.length);
    const path = `/products/${PRODUCTS[p]}-${1000 + Math.floor(rnd() * 9000)}`;
    const log = {
      event: i % 4 === 0 ? 'page_view' : 'click',
      url: `https://shop.example.com${path}?utm_source=newsletter&utm_medium=email`,
      path,
      title: TITLES[p],
      referrer: pick(REFERRERS),
      viewport: pick(VIEWPORTS),
      session,
      visitor: `v_${(i * 2654435761 >>> 0).toString(16)}`,
      client_time: String(t0 + i * 731 + Math.floor(rnd() * 500)),
    };
    if (log.event === 'click') {
      const s = Math.floor(rnd() * SELECTORS.length);
      log.selector = SELECTORS[s];
      log.text = TEXTS[s];
      log.x = String(Math.floor(rnd() * 1440));
      log.y = String(Math.floor(rnd() * 900));
    } else {
      log.load_ms = String(200 + Math.floor(rnd() * 2800));
    }
    if (pad) {
      // Text-like filler (a stack trace, a message): words from a small vocabulary, so it
      // compresses about as well as real logs do, unlike random characters.
      let s = '';
      while (s.length < pad) s += pick(WORDS) + (rnd() < 0.1 ? '\n    at ' : ' ');
      log.detail = s.slice(0, pad);
    }
    logs[k] = log;
  }
  return logs;
}

/** The body the service would get for these logs (the official SDK's form), as UTF-8 bytes. */
export function bodyBytes(logs) {
  return new TextEncoder().encode(JSON.stringify({ __logs__: logs }));
}
