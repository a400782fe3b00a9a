// The keepalive budget is given back (issue 12): a keepalive fetch's bytes once its answer has been read, a
// beacon's BEACON_HOLD_MS after it left. Before, beacons were counted for ever: a page restored
// from the back/forward cache a few times could make no unload send for the rest of its life.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from '../../../src/send/createTransport.ts';
import { KEEPALIVE_BUDGET } from '../../../src/lib/limits.ts';
import { BEACON_HOLD_MS } from '../../../src/lib/timings.ts';
import type { EncodedRequest } from '../../../src/encode/encodeRequest.ts';

const g = globalThis as Record<string, unknown>;
const beacons: string[] = [];
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  value: { sendBeacon: (url: string) => (beacons.push(url), true) },
});

const body = (n: number): string => 'x'.repeat(n);
const req = (n: number): EncodedRequest => ({ _query: '?APIVersion=0.6.0', _headers: {}, _body: body(n), _wire: n });

describe('createTransport: the keepalive budget', () => {
  test('a beacon holds its bytes for BEACON_HOLD_MS, then gives them back', () => {
    let clock = 1000;
    const t = createTransport('http://collector/track', 30_000, () => clock);
    for (let i = 0; i < 3; i++) assert.equal(t._beacon('?APIVersion=0.6.0', body(20_000), 20_000), true);
    assert.equal(t._pending(), 60_000);
    assert.equal(t._fits(KEEPALIVE_BUDGET - 60_000), true);
    assert.equal(t._fits(KEEPALIVE_BUDGET - 60_000 + 1), false);
    clock += BEACON_HOLD_MS - 1;
    assert.equal(t._pending(), 60_000, 'not yet');
    clock += 1;
    assert.equal(t._pending(), 0);
    assert.equal(t._fits(KEEPALIVE_BUDGET), true);
  });

  test('restored from the back/forward cache: the beacons sent when the page went stop counting at once', () => {
    const clock = 0;
    const t = createTransport('http://collector/track', 30_000, () => clock);
    for (let round = 0; round < 4; round++) {
      assert.equal(t._fits(50_000), true, `round ${round}`);
      assert.equal(t._beacon('?APIVersion=0.6.0', body(50_000), 50_000), true);
      t._restored();
    }
  });

  test('four unload rounds of 20 KB beacons a few seconds apart: each round finds the budget free', () => {
    let clock = 0;
    const t = createTransport('http://collector/track', 30_000, () => clock);
    for (let round = 0; round < 4; round++) {
      assert.equal(t._fits(20_000), true, `round ${round}`);
      t._beacon('?APIVersion=0.6.0', body(20_000), 20_000);
      clock += 5000; // restored from the cache, used, hidden again
    }
  });

  test('a refused beacon holds nothing', () => {
    const t = createTransport('http://collector/track', 30_000, () => 0);
    const saved = (g.navigator as { sendBeacon: unknown }).sendBeacon;
    (g.navigator as { sendBeacon: unknown }).sendBeacon = () => false;
    try {
      assert.equal(t._beacon('', body(100), 100), false);
    } finally {
      (g.navigator as { sendBeacon: unknown }).sendBeacon = saved;
    }
    assert.equal(t._pending(), 0);
  });

  test('a keepalive fetch holds its bytes while in flight and gives them back when it settles, also on failure', async () => {
    const t = createTransport('http://collector/track', 30_000, () => 0);
    let finish!: (r: Response) => void;
    g.fetch = () => new Promise<Response>((r) => { finish = r; });
    const sent = t._send(req(30_000), true);
    assert.equal(t._pending(), 30_000);
    finish(new Response(null, { status: 200 }));
    assert.equal((await sent)._status, 200);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); // its empty body is read
    assert.equal(t._pending(), 0);

    g.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const failed = await t._send(req(10_000), true);
    assert.equal(failed._status, 0);
    assert.equal(t._pending(), 0);
  });

  // Chrome frees a keepalive request's share of its quota when the response has been read to the
  // end, not when fetch() resolves: a beacon at pagehide a few ms after an answer was refused
  // (test/e2e/lastMoment.spec.ts, closed tab). So the body is read, and the bytes held until then;
  // a 200 is answered at once all the same (a page that unloads has no ms to spare).
  test('a 200 is answered before its body is read; its bytes are held until the body has ended', async () => {
    const t = createTransport('http://collector/track', 30_000, () => 0);
    let end!: () => void;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (end = () => c.close()) });
    g.fetch = () => Promise.resolve(new Response(stream, { status: 200 }));
    const answer = await t._send(req(30_000), true);
    assert.equal(answer._status, 200);
    assert.equal(t._pending(), 30_000, 'held: the body has not ended');
    end();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.equal(t._pending(), 0);
  });

  test('an error answer is read to the end for its code before it is answered; its bytes then go back', async () => {
    const t = createTransport('http://collector/track', 30_000, () => 0);
    let push!: () => void;
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => void (push = () => (c.enqueue(new TextEncoder().encode('{"errorCode":"WriteQuotaExceed"}')), c.close())),
      pull: () => void (pulled = true),
    });
    g.fetch = () => Promise.resolve(new Response(stream, { status: 503 }));
    const sent = t._send(req(30_000), true);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.ok(pulled, 'the body is being read');
    assert.equal(t._pending(), 30_000, 'still held: the body has not ended');
    push();
    const answer = await sent;
    assert.equal(t._pending(), 0);
    assert.deepEqual(answer, { _status: 503, _code: 'WriteQuotaExceed', _retryAfter: null });
  });
});
