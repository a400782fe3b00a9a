// The bodies the LZ4 tests compress: real PutWebTracking bodies as the tracker builds them (its
// own normalizeLog and buildBody), and the shapes that stress an LZ4 encoder's edges: random
// bytes, runs of one byte, every short length, data that ends in a long repeat, and a few bodies
// of 1–3 MiB. Deterministic (seeded), so a failure names a body that can be rebuilt.
import { buildBody } from '../../src/batch/buildBody.ts';
import { normalizeLog } from '../../src/normalize/normalizeLog.ts';
import type { BatchMeta } from '../../src/batch/BatchMeta.ts';

export interface NamedBody {
  name: string;
  bytes: Uint8Array;
}

/** mulberry32: small, seeded, good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encoder = new TextEncoder();
const PATHS = ['/', '/products/wireless-headphones-1042', '/cart', '/checkout/payment', '/search?q=desk+lamp', '/account/orders/88121'];
const EVENTS = ['page_view', 'click', 'add_to_cart', 'purchase', 'error', 'web_vital', 'scroll_depth'];
const WORDS = ['Add to cart', 'Deals', 'Checkout', '日本語のテキスト', 'naïve café', 'emoji 🎉🛒', '"quoted"', 'back\\slash', 'tab\there', 'line\nbreak'];
const STACK = "TypeError: Cannot read properties of undefined (reading 'price')\n    at renderCart (https://shop.example.com/assets/app.3f9c2a.js:1:48213)\n    at commitRoot";
const METAS: BatchMeta[] = [
  { topic: '', source: '', tags: {} },
  { topic: 'web', source: '', tags: {} },
  { topic: 'shop', source: '', tags: { sdk: 'sls-webtrack', env: 'prod' } },
  { topic: 'web', source: 'checkout-service', tags: { sdk: 'sls-webtrack', release: '2024.11.3', region: 'cn-hangzhou' } },
  { topic: '主题', source: 'café', tags: { city: '杭州' } },
  { topic: '', source: 'edge', tags: { build: 'a1b2c3d' } },
];

/** One log as a site tracks it: a page view, a click, an error, a vital or a custom event. */
function userLog(random: () => number, i: number): Record<string, unknown> {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)]!;
  const event = pick(EVENTS);
  const log: Record<string, unknown> = { event, path: pick(PATHS), session: `s${Math.floor(random() * 1e6).toString(36)}` };
  if (event === 'click') Object.assign(log, { selector: `main > div:nth-child(${i % 9}) > button`, text: pick(WORDS), x: Math.floor(random() * 1440) });
  else if (event === 'error') Object.assign(log, { message: pick(WORDS), stack: STACK.slice(0, 40 + Math.floor(random() * 120)) });
  else if (event === 'web_vital') Object.assign(log, { name: pick(['LCP', 'CLS', 'INP']), value: random() * 4000, rating: pick(['good', 'poor']) });
  else if (event === 'purchase') Object.assign(log, { items: [{ sku: `A${i}`, qty: 1 + (i % 3) }], total: (random() * 300).toFixed(2) });
  else Object.assign(log, { url: `https://shop.example.com${pick(PATHS)}?utm_source=newsletter`, title: pick(WORDS), ms: Math.floor(random() * 3000) });
  if (random() < 0.1) log.note = pick(WORDS).repeat(1 + Math.floor(random() * 20));
  return log;
}

/** A body of `logs` logs as the tracker sends it: normalized, stamped, with the group's meta. */
export function trackerBody(random: () => number, logs: number, meta: BatchMeta, start = 0): Uint8Array {
  const jsons: string[] = [];
  for (let i = 0; i < logs; i++) {
    const stamp = { ts: 1_732_000_000_000 + (start + i) * 731, id: `${(start + i).toString(36)}${Math.floor(random() * 1e8).toString(36)}` };
    jsons.push(normalizeLog(userLog(random, start + i), stamp)._json);
  }
  return encoder.encode(buildBody(meta, jsons));
}

/** Tracker bodies of about `size` bytes, cut to exactly `size` (the encoder sees bytes, not JSON). */
function largeBody(random: () => number, size: number, meta: BatchMeta): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let start = 0; total < size; start += 2000) {
    const part = trackerBody(random, 2000, meta, start);
    parts.push(part);
    total += part.length;
  }
  const all = new Uint8Array(total);
  parts.reduce((at, part) => (all.set(part, at), at + part.length), 0);
  return all.subarray(0, size);
}

function randomBytes(random: () => number, length: number, alphabet = 256): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * alphabet);
  return bytes;
}

/** Text followed by a copy of its own last part, so the natural last match runs to the end. */
function endsInRepeat(random: () => number): Uint8Array {
  const head = encoder.encode(WORDS.join(' ').slice(0, 20 + Math.floor(random() * 200)));
  const tail = Math.min(head.length, 4 + Math.floor(random() * 40));
  const bytes = new Uint8Array(head.length + tail);
  bytes.set(head);
  bytes.set(head.subarray(head.length - tail), head.length);
  return bytes;
}

/**
 * The property test's bodies, in groups. Counts: `trackerBodies` real bodies (1–50 logs, every
 * meta: with and without topic, source and tags), 3,000 random byte strings (half of them over a
 * 4-letter alphabet, which repeats in short, tricky matches), 1,000 runs of one byte, every length
 * 0–300 three ways (a real body's prefix, a run, a 3-byte pattern), 1,000 that end in a repeat,
 * and 4 large bodies (1, 1.5 with random stretches, 2 and 3 MiB).
 */
export function* propertyBodies(trackerBodies = 14_200, seed = 20_241_127): Generator<NamedBody> {
  const random = seededRandom(seed);
  for (let i = 0; i < trackerBodies; i++) {
    const meta = METAS[i % METAS.length]!;
    yield { name: `tracker body ${i}`, bytes: trackerBody(random, 1 + Math.floor(random() * 50), meta, i * 50) };
  }
  for (let i = 0; i < 3000; i++) {
    yield { name: `random bytes ${i}`, bytes: randomBytes(random, Math.floor(random() * 3000), i % 2 ? 256 : 4) };
  }
  for (let i = 0; i < 1000; i++) {
    yield { name: `run ${i}`, bytes: new Uint8Array(Math.floor(random() * 5000)).fill(Math.floor(random() * 256)) };
  }
  const prefixSource = trackerBody(random, 5, METAS[2]!);
  for (let length = 0; length <= 300; length++) {
    yield { name: `prefix of ${length}`, bytes: prefixSource.subarray(0, length) };
    yield { name: `run of ${length}`, bytes: new Uint8Array(length).fill(97) };
    yield { name: `pattern of ${length}`, bytes: Uint8Array.from({ length }, (_, i) => 97 + (i % 3)) };
  }
  for (let i = 0; i < 1000; i++) yield { name: `ends in a repeat ${i}`, bytes: endsInRepeat(random) };
  yield { name: '1 MiB body', bytes: largeBody(random, 1 << 20, METAS[1]!) };
  const mixed = largeBody(random, 3 << 19, METAS[3]!).slice();
  for (let at = 0; at + 70_000 < mixed.length; at += 300_000) mixed.set(randomBytes(random, 70_000), at);
  yield { name: '1.5 MiB body with random stretches', bytes: mixed };
  yield { name: '2 MiB body', bytes: largeBody(random, 2 << 20, METAS[2]!) };
  yield { name: '3 MiB body (the limit)', bytes: largeBody(random, 3 << 20, METAS[3]!) };
}
