import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF, retryDelay } from '../../../src/send/retryDelay.ts';
import type { BackoffLimits } from '../../../src/send/retryDelay.ts';

const L: BackoffLimits = { _base: 1000, _cap: 60_000 };
const ALMOST_ONE = 1 - Number.EPSILON;

describe('retryDelay: full jitter', () => {
  test('the default limits are 1 s base, 60 s cap', () => {
    assert.deepEqual(BACKOFF, { _base: 1000, _cap: 60_000 });
  });

  test('attempt k with random r waits floor(r · min(cap, base · 2^k))', () => {
    for (let k = 0; k <= 8; k++) {
      const ceiling = Math.min(L._cap, L._base * 2 ** k);
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9]) {
        assert.equal(retryDelay(k, L, r), Math.floor(r * ceiling), `attempt ${k}, random ${r}`);
      }
    }
    assert.equal(retryDelay(0, L, 0.5), 500);
    assert.equal(retryDelay(1, L, 0.5), 1000);
    assert.equal(retryDelay(3, L, 0.5), 4000);
  });

  test('random 0 → 0 at every attempt', () => {
    for (const k of [0, 1, 5, 30, 1000]) assert.equal(retryDelay(k, L, 0), 0);
  });

  test('random → 1 comes near the ceiling but never reaches it', () => {
    assert.equal(retryDelay(0, L, ALMOST_ONE), 999);
    assert.equal(retryDelay(2, L, ALMOST_ONE), 3999);
    assert.equal(retryDelay(10, L, ALMOST_ONE), 59_999);
  });

  test('the wait stays in [0, ceiling) for many random values', () => {
    for (let k = 0; k < 12; k++) {
      const ceiling = Math.min(L._cap, L._base * 2 ** k);
      for (let i = 0; i < 200; i++) {
        const w = retryDelay(k, L, i / 200);
        assert.ok(w >= 0 && w < ceiling && Number.isInteger(w), `attempt ${k}: ${w}`);
      }
    }
  });

  test('the cap holds from the attempt where base · 2^k passes it, up to attempt 1000 (no overflow)', () => {
    // 1000 · 2^6 = 64,000 > 60,000: capped from attempt 6 on.
    assert.equal(retryDelay(5, L, 0.5), 16_000);
    assert.equal(retryDelay(6, L, 0.5), 30_000);
    for (const k of [6, 7, 31, 64, 1023, 1000, 1_000_000]) {
      const w = retryDelay(k, L, 0.5);
      assert.equal(w, 30_000, `attempt ${k}`);
    }
    assert.equal(retryDelay(1000, L, ALMOST_ONE), 59_999);
  });

  test('other limits are honoured', () => {
    const small: BackoffLimits = { _base: 100, _cap: 250 };
    assert.equal(retryDelay(0, small, 0.5), 50);
    assert.equal(retryDelay(1, small, 0.5), 100);
    assert.equal(retryDelay(2, small, 0.5), 125); // 400 capped to 250
    assert.equal(retryDelay(1000, small, ALMOST_ONE), 249);
  });
});

describe('retryDelay: Retry-After', () => {
  test('Retry-After wins over the computed wait, whatever the attempt and random', () => {
    assert.equal(retryDelay(0, L, 0, 7000), 7000);
    assert.equal(retryDelay(9, L, 0.99, 2000), 2000);
    assert.equal(retryDelay(3, L, 0.5, 0), 0);
  });

  test('Retry-After is capped', () => {
    assert.equal(retryDelay(0, L, 0.5, 3_600_000), 60_000);
    assert.equal(retryDelay(0, L, 0.5, 60_001), 60_000);
    assert.equal(retryDelay(0, L, 0.5, 60_000), 60_000);
    assert.equal(retryDelay(0, { _base: 10, _cap: 500 }, 0.5, 900), 500);
  });
});
