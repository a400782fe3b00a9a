import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF, retryDelay } from '../../../src/send/retryDelay.ts';
import type { BackoffLimits } from '../../../src/send/retryDelay.ts';

const L: BackoffLimits = { _floor: 500, _base: 1000, _cap: 60_000 };
const ALMOST_ONE = 1 - Number.EPSILON;
/** The wait's upper bound at attempt k: max(floor, min(cap, base · 2^k)). */
const ceilingOf = (k: number, l = L) => Math.max(l._floor, Math.min(l._cap, l._base * 2 ** k));

describe('retryDelay: jitter above the floor', () => {
  test('the default limits are a 500 ms floor, 1 s base, 60 s cap', () => {
    assert.deepEqual(BACKOFF, { _floor: 500, _base: 1000, _cap: 60_000 });
  });

  test('attempt k with random r waits floor(floor + r · (ceiling − floor))', () => {
    for (let k = 0; k <= 8; k++) {
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9]) {
        assert.equal(retryDelay(k, L, r), Math.floor(500 + r * (ceilingOf(k) - 500)), `attempt ${k}, random ${r}`);
      }
    }
    assert.equal(retryDelay(0, L, 0.5), 750);
    assert.equal(retryDelay(1, L, 0.5), 1250);
    assert.equal(retryDelay(3, L, 0.5), 4250);
  });

  test('random 0 → the floor at every attempt, never 0', () => {
    for (const k of [0, 1, 5, 30, 1000]) assert.equal(retryDelay(k, L, 0), 500);
  });

  test('random → 1 comes near the ceiling but never reaches it', () => {
    assert.equal(retryDelay(0, L, ALMOST_ONE), 999);
    assert.equal(retryDelay(2, L, ALMOST_ONE), 3999);
    assert.equal(retryDelay(10, L, ALMOST_ONE), 59_999);
  });

  test('the wait stays in [floor, ceiling) for many random values', () => {
    for (let k = 0; k < 12; k++) {
      for (let i = 0; i < 200; i++) {
        const w = retryDelay(k, L, i / 200);
        assert.ok(w >= 500 && w < ceilingOf(k) && Number.isInteger(w), `attempt ${k}: ${w}`);
      }
    }
  });

  test('the cap holds from the attempt where base · 2^k passes it, up to attempt 1,000,000 (no overflow)', () => {
    // 1000 · 2^6 = 64,000 > 60,000: capped from attempt 6 on.
    assert.equal(retryDelay(5, L, 0.5), 16_250);
    for (const k of [6, 7, 31, 64, 1023, 1000, 1_000_000]) assert.equal(retryDelay(k, L, 0.5), 30_250, `attempt ${k}`);
    assert.equal(retryDelay(1000, L, ALMOST_ONE), 59_999);
  });

  test('other limits are honoured; a floor above the ceiling is the wait', () => {
    const small: BackoffLimits = { _floor: 0, _base: 100, _cap: 250 };
    assert.equal(retryDelay(0, small, 0.5), 50);
    assert.equal(retryDelay(2, small, 0.5), 125); // 400 capped to 250
    assert.equal(retryDelay(0, { _floor: 2000, _base: 1000, _cap: 60_000 }, 0.3), 2000);
  });
});

describe('retryDelay: Retry-After is a lower bound, up to the cap (issue 22)', () => {
  test('a Retry-After longer than the computed wait is the wait, whatever the attempt and random', () => {
    assert.equal(retryDelay(0, L, 0, 7000), 7000);
    assert.equal(retryDelay(2, L, 0.99, 5000), 5000);
  });

  test('a Retry-After shorter than the computed wait does not shorten it: failures in a row still escalate', () => {
    assert.equal(retryDelay(9, L, 0.99, 2000), retryDelay(9, L, 0.99));
    for (let k = 0; k <= 8; k++) {
      for (const r of [0, 0.5, 0.9]) assert.equal(retryDelay(k, L, r, 0), retryDelay(k, L, r), `attempt ${k}, random ${r}`);
    }
    // "Now", repeated: the waits still double (at random 0.5: 750, 1250, 2250, 4250 ms …).
    assert.deepEqual([0, 1, 2, 3, 4].map((k) => retryDelay(k, L, 0.5, 0)), [750, 1250, 2250, 4250, 8250]);
  });

  test('0, negative, NaN or a date in the past (0 from classifyResponse): the computed wait, never below the floor', () => {
    for (const after of [0, -1, -60_000, 1, 499, Number.NaN]) {
      assert.equal(retryDelay(3, L, 0.5, after), 4250, `Retry-After ${after}`);
      assert.equal(retryDelay(3, L, 0, after), 500, `Retry-After ${after}, random 0`);
    }
  });

  test('a huge Retry-After is capped at the cap (60 s)', () => {
    assert.equal(retryDelay(0, L, 0.5, 3_600_000), 60_000);
    assert.equal(retryDelay(0, L, 0.5, 60_001), 60_000);
    assert.equal(retryDelay(0, L, 0.5, 60_000), 60_000);
    assert.equal(retryDelay(0, L, 0.5, Infinity), 60_000);
    assert.equal(retryDelay(0, { _floor: 0, _base: 10, _cap: 500 }, 0.5, 900), 500);
  });
});
