import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSharedHealth } from '../../../src/queue/createSharedHealth.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';



const KEY = 'sls-webtrack:failed:https://p.cn-hangzhou.log.aliyuncs.com/logstores/s/track';
let storage: MemoryStorage;
let clock = 0;
const now = () => clock;

beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
  clock = 100_000;
});

const stored = (): Array<[number, number]> => JSON.parse(storage.getItem(KEY) ?? '[]') as Array<[number, number]>;

describe('createSharedHealth', () => {
  test('before any answer: no failure, no first answer', () => {
    const h = createSharedHealth(KEY, now);
    assert.equal(h._failedBetween(0, Infinity), false);
    assert.equal(h._firstAfter(0), undefined);
  });

  test('_failedBetween: network failures (1) count unless serviceOnly, service failures (2) always, successes (0) never', () => {
    const h = createSharedHealth(KEY, now);
    clock = 1000; h._answer(0);
    clock = 2000; h._answer(1);
    clock = 3000; h._answer(0);
    clock = 4000; h._answer(2);
    clock = 5000; h._answer(0);

    assert.equal(h._failedBetween(900, 1100), false, 'only a success there');
    assert.equal(h._failedBetween(1500, 2500), true, 'network failure');
    assert.equal(h._failedBetween(1500, 2500, true), false, 'network failure does not count as a service failure');
    assert.equal(h._failedBetween(3500, 4500, true), true, 'service failure');
    assert.equal(h._failedBetween(3500, 4500), true, 'service failure counts either way');
    assert.equal(h._failedBetween(4500, 5500), false);
    // Bounds are inclusive.
    assert.equal(h._failedBetween(2000, 2000), true);
    assert.equal(h._failedBetween(4000, 4000, true), true);
    assert.equal(h._failedBetween(2001, 3999), false);
  });

  test('_firstAfter returns the kind of the first answer strictly after t', () => {
    const h = createSharedHealth(KEY, now);
    clock = 1000; h._answer(1);
    clock = 2000; h._answer(0);
    clock = 3000; h._answer(2);
    assert.equal(h._firstAfter(0), 1);
    assert.equal(h._firstAfter(999), 1);
    assert.equal(h._firstAfter(1000), 0, 'strictly after');
    assert.equal(h._firstAfter(2500), 2);
    assert.equal(h._firstAfter(3000), undefined, 'nothing after the last answer yet');
  });

  test('a run of one kind is stored as its first and last answer, and _firstAfter stays right for any t', () => {
    const h = createSharedHealth(KEY, now);
    const kinds: Array<[number, 0 | 1 | 2]> = [];
    // 0 ×1, then 2 ×6, then 1 ×3, then 0 ×4
    const script: Array<0 | 1 | 2> = [0, 2, 2, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0, 0];
    script.forEach((k, i) => {
      clock = 1000 * (i + 1);
      h._answer(k);
      kinds.push([clock, k]);
    });
    // Stored compressed: each run keeps its ends only.
    assert.deepEqual(stored(), [
      [1000, 0],
      [2000, 2], [7000, 2],
      [8000, 1], [10000, 1],
      [11000, 0], [14000, 0],
    ]);
    // For every t, _firstAfter gives the kind of the real first answer after t.
    for (let t = 0; t < 14_000; t += 250) {
      const expected = kinds.find(([x]) => x > t)?.[1];
      assert.equal(h._firstAfter(t), expected, `t = ${t}`);
    }
    assert.equal(h._firstAfter(14_000), undefined);
  });

  test('windows that end at "now" still see a failure run compressed away in the middle', () => {
    // The callers ask "a failure in the last 3 s" (unload sends) and "a service failure just
    // before t, else the first answer after t" (held logs); both hold under compression.
    const h = createSharedHealth(KEY, now);
    for (let t = 1000; t <= 9000; t += 500) {
      clock = t;
      h._answer(2);
    }
    assert.equal(stored().length, 2);
    clock = 9000;
    assert.equal(h._failedBetween(clock - 3000, clock, true), true);
    clock = 9500; h._answer(0);
    assert.equal(h._failedBetween(clock - 3000, clock), true, 'the run ended 0.5 s ago');
    clock = 12_500; h._answer(0);
    assert.equal(h._failedBetween(clock - 3000, clock), false, 'the run ended 3.5 s ago');
  });

  test('answers older than 60 s are forgotten on the next answer', () => {
    const h = createSharedHealth(KEY, now);
    clock = 10_000; h._answer(2);
    clock = 20_000; h._answer(1);
    clock = 70_000; h._answer(0); // 10,000 is exactly 60 s old: forgotten; 20,000 kept
    assert.deepEqual(stored(), [[20_000, 1], [70_000, 0]]);
    assert.equal(h._failedBetween(0, 15_000), false);
    assert.equal(h._failedBetween(0, 25_000), true);
    clock = 80_001; h._answer(0);
    assert.deepEqual(stored(), [[70_000, 0], [80_001, 0]]);
    assert.equal(h._failedBetween(0, Infinity), false);
    assert.equal(h._firstAfter(0), 0);
  });

  test('two tabs share their answers through localStorage', () => {
    const a = createSharedHealth(KEY, now);
    const b = createSharedHealth(KEY, now);
    clock = 1000; a._answer(0);
    clock = 2000; b._answer(2);
    clock = 3000; a._answer(1);
    for (const h of [a, b]) {
      assert.equal(h._firstAfter(1500), 2);
      assert.equal(h._firstAfter(2500), 1);
      assert.equal(h._failedBetween(1500, 2500, true), true);
    }
    assert.deepEqual(stored(), [[1000, 0], [2000, 2], [3000, 1]]);
    // A run across tabs is compressed as one run.
    clock = 4000; b._answer(1);
    clock = 5000; a._answer(1);
    assert.deepEqual(stored(), [[1000, 0], [2000, 2], [3000, 1], [5000, 1]]);
  });

  test('a different key (another logstore) is not shared', () => {
    const a = createSharedHealth(KEY, now);
    const other = createSharedHealth(KEY + '2', now);
    clock = 1000; a._answer(2);
    assert.equal(other._failedBetween(0, Infinity), false);
    assert.equal(other._firstAfter(0), undefined);
  });

  test('unreadable shared state (not JSON, not an array) falls back on the tab\'s own answers', () => {
    const h = createSharedHealth(KEY, now);
    clock = 1000; h._answer(2);
    storage.setItem(KEY, '{broken');
    assert.equal(h._failedBetween(0, 2000, true), true);
    storage.setItem(KEY, '{"a":1}');
    assert.equal(h._firstAfter(0), 2);
  });

  test('when touching localStorage throws (sandboxed iframe), the tab keeps its own answers in memory', () => {
    setLocalStorage(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const h = createSharedHealth(KEY, now);
    clock = 1000; h._answer(0);
    clock = 2000; h._answer(2);
    clock = 3000; h._answer(2);
    clock = 4000; h._answer(2);
    assert.equal(h._failedBetween(1500, 2500, true), true);
    assert.equal(h._failedBetween(0, 1500), false);
    assert.equal(h._firstAfter(1000), 2);
    assert.equal(h._firstAfter(0), 0);
    assert.equal(h._firstAfter(4000), undefined);
    // Old answers are forgotten in memory too.
    clock = 62_500; h._answer(0);
    assert.equal(h._firstAfter(0), 2, 'the answer at 1000 is gone, the run end at 4000 is kept');
    assert.equal(h._failedBetween(0, 3000), false, 'the run start at 2000 is gone');
  });

  test('when localStorage is missing altogether, the tab keeps its own answers in memory', () => {
    setLocalStorage(() => undefined);
    const h = createSharedHealth(KEY, now);
    clock = 1000; h._answer(1);
    assert.equal(h._failedBetween(0, 2000), true);
    assert.equal(h._firstAfter(0), 1);
  });

  // With localStorage readable but full, the tab must still see its own answers (other tabs will
  // not): otherwise it would allow unload sends during an outage and judge held logs without them.
  test('when setItem throws (quota exceeded) but getItem works, the tab still sees its own answers', () => {
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    setLocalStorage(() => full);
    const h = createSharedHealth(KEY, now);
    clock = 1000; h._answer(2);
    assert.equal(h._failedBetween(0, 2000, true), true);
    assert.equal(h._firstAfter(0), 2);
  });
});
