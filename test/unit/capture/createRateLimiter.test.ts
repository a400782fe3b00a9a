import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter } from '../../../src/capture/createRateLimiter.ts';

test('1000 identical values in one window: perKey pass, one summary with the rest at the window end', () => {
  const l = createRateLimiter<string>(5, 30, 60_000);
  let passed = 0;
  for (let i = 0; i < 1000; i++) {
    assert.deepEqual(l._sweep(1000 + i), []);
    if (l._take('boom', `boom ${i}`, 1000 + i)) passed++;
  }
  assert.equal(passed, 5);
  assert.deepEqual(l._sweep(60_999), []);
  assert.deepEqual(l._sweep(61_000), [{ _value: 'boom 5', _count: 995, _overTotal: false }]);
  // The next window starts fresh and has nothing to report.
  assert.deepEqual(l._sweep(200_000), []);
  assert.equal(l._take('boom', 'again', 200_000), true);
});

test('different keys each get perKey, up to total; values over total share one count', () => {
  const l = createRateLimiter<number>(2, 5, 1000);
  const results = [];
  for (let i = 0; i < 10; i++) results.push(l._take(`k${i % 3}`, i, 0));
  // k0,k1,k2,k0,k1 pass (5 = total); everything after is suppressed under its own key.
  assert.deepEqual(results, [true, true, true, true, true, false, false, false, false, false]);
  assert.equal(l._take('new-1', 100, 1), false);
  assert.equal(l._take('new-2', 101, 2), false);
  // In the order keys were first seen; a known key over total counts under its own key.
  assert.deepEqual(l._sweep(1000), [
    { _value: 6, _count: 2, _overTotal: false }, // k0: i = 6, 9
    { _value: 7, _count: 1, _overTotal: false }, // k1: i = 7
    { _value: 5, _count: 2, _overTotal: false }, // k2: i = 5, 8
    { _value: 100, _count: 2, _overTotal: true }, // new-1 and new-2, counted together
  ]);
});

test('the window starts at the first value after the last one ended', () => {
  const l = createRateLimiter<string>(1, 10, 100);
  assert.equal(l._take('a', 'a', 50), true);
  assert.equal(l._take('a', 'a', 149), false);
  assert.deepEqual(l._sweep(149), []);
  assert.deepEqual(l._sweep(150), [{ _value: 'a', _count: 1, _overTotal: false }]);
  assert.equal(l._take('a', 'a', 500), true);
  assert.equal(l._take('a', 'a', 599), false);
  assert.deepEqual(l._sweep(599), []);
});

test('sweep(Infinity) ends a window early, e.g. when the page hides', () => {
  const l = createRateLimiter<string>(1, 10, 60_000);
  l._take('a', 'x', 0);
  l._take('a', 'y', 1);
  assert.deepEqual(l._sweep(Infinity), [{ _value: 'y', _count: 1, _overTotal: false }]);
  assert.deepEqual(l._sweep(Infinity), []);
  assert.equal(l._take('a', 'z', 2), true);
});
