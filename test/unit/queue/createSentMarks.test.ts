import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSentMarks, type SentMark } from '../../../src/queue/createSentMarks.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';



const DAY = 24 * 3_600_000;
/** An epoch-ms clock, as in a browser. */
const T0 = Date.parse('2024-05-01T00:00:00Z');
const PREFIX = 'sls-webtrack:sent:';
let storage: MemoryStorage;
let clock = 0;
const now = () => clock;

beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
  clock = T0;
});

const ids = (m: Map<string, SentMark>): string[] => [...m.keys()].sort();
const markKeys = (): string[] => [...storage.m.keys()].filter((k) => k.startsWith(PREFIX));

describe('createSentMarks', () => {
  test('marks of one tab are read by another, with their time and unconfirmed', () => {
    const a = createSentMarks('tabA', now);
    const b = createSentMarks('tabB', now);
    a._mark(['a1', 'a2']);
    const seen = b._read(DAY);
    assert.deepEqual(seen, new Map([['a1', { _sentAt: T0, _accepted: false }], ['a2', { _sentAt: T0, _accepted: false }]]));
    assert.deepEqual(a._read(DAY), seen);
  });

  test('confirmed marks read as confirmed', () => {
    const a = createSentMarks('tabA', now);
    a._mark(['x'], true);
    a._mark(['y'], false);
    a._mark(['z']);
    const b = createSentMarks('tabB', now);
    assert.deepEqual(b._read(DAY), new Map([['x', { _sentAt: T0, _accepted: true }], ['y', { _sentAt: T0, _accepted: false }], ['z', { _sentAt: T0, _accepted: false }]]));
  });

  test('_mark(ids, confirmed, at) records `at`, not now', () => {
    const a = createSentMarks('tabA', now);
    a._mark(['early'], false, T0 - 600_000);
    a._mark(['late'], true, T0 - 1000);
    assert.deepEqual(createSentMarks('tabB', now)._read(DAY), new Map([['early', { _sentAt: T0 - 600_000, _accepted: false }], ['late', { _sentAt: T0 - 1000, _accepted: true }]]));
  });

  test('each call writes its own entry, keyed by tab', () => {
    const a = createSentMarks('tabA', now);
    const b = createSentMarks('tabB', now);
    a._mark(['1']);
    a._mark(['2']);
    b._mark(['3']);
    assert.equal(markKeys().length, 3);
    assert.equal(markKeys().filter((k) => k.startsWith(PREFIX + 'tabA:')).length, 2);
    assert.equal(markKeys().filter((k) => k.startsWith(PREFIX + 'tabB:')).length, 1);
  });

  test('_unmark removes only the given ids of this tab\'s marks; an emptied entry is removed', () => {
    const a = createSentMarks('tabA', now);
    const b = createSentMarks('tabB', now);
    a._mark(['a1', 'a2', 'a3']);
    b._mark(['b1']);
    a._unmark(['a2']);
    assert.deepEqual(ids(b._read(DAY)), ['a1', 'a3', 'b1']);
    a._unmark(['a1', 'a3']);
    assert.deepEqual(ids(b._read(DAY)), ['b1']);
    assert.equal(markKeys().length, 1, 'tabA\'s emptied entry is gone');
  });

  test('_unmark of ids marked by another tab (a dead one, whose logs this tab recovered) removes them there too', () => {
    const a = createSentMarks('tabA', now);
    const b = createSentMarks('tabB', now);
    a._mark(['a1', 'a2']);
    b._read(DAY); // a claim reads the marks before it recovers anything
    b._unmark(['a1']);
    assert.deepEqual(ids(a._read(DAY)), ['a2']);
    b._unmark(['a2', 'unknown']);
    assert.deepEqual(markKeys(), []);
  });

  test('_unmark across several entries of the same tab', () => {
    const a = createSentMarks('tabA', now);
    a._mark(['1', '2']);
    a._mark(['3', '4']);
    a._unmark(['2', '3']);
    assert.deepEqual(ids(a._read(DAY)), ['1', '4']);
    a._unmark(['1', '4']);
    assert.deepEqual(markKeys(), []);
  });

  test('_unmark removes ids from every tab\'s entries, keeping the rest with their time and flag', () => {
    const a = createSentMarks('tabA', now);
    const b = createSentMarks('tabB', now);
    a._mark(['a1', 'a2'], true, T0 - 500);
    b._mark(['b1', 'b2'], false, T0 - 400);
    b._read(DAY);
    b._unmark(['a1', 'b2', 'unknown']);
    assert.deepEqual(a._read(DAY), new Map([['a2', { _sentAt: T0 - 500, _accepted: true }], ['b1', { _sentAt: T0 - 400, _accepted: false }]]));
    a._unmark(['a2', 'b1']);
    assert.deepEqual(a._read(DAY).size, 0);
    assert.deepEqual(markKeys(), [], 'emptied entries are removed');
  });

  // Found by test/e2e/lastMoment.spec.ts (closed tab): an answer read as the tab closed removed the
  // unload mark, and the confirmed mark written after it was never kept: the next tab sent the logs
  // again. An unloading page may keep only the first of its writes, so the new mark goes first.
  test('a confirmed mark replaces this tab\'s unload marks of the same logs, written before they are removed', () => {
    const a = createSentMarks('tabA', now);
    a._mark(['x1', 'x2', 'x3'], false, T0 - 2000);
    const ops: string[] = [];
    const set = storage.setItem.bind(storage);
    const remove = storage.removeItem.bind(storage);
    storage.setItem = (k, v) => void (ops.push(`set ${k} ${v}`), set(k, v));
    storage.removeItem = (k) => void (ops.push(`remove ${k}`), remove(k));
    a._mark(['x1', 'x2'], true);
    assert.deepEqual(ops, [
      `set ${PREFIX}tabA:1 {"t":${T0},"i":["x1","x2"],"c":1}`,
      `set ${PREFIX}tabA:0 {"t":${T0 - 2000},"i":["x3"]}`,
    ]);
    assert.deepEqual(a._read(DAY), new Map([['x1', { _sentAt: T0, _accepted: true }], ['x2', { _sentAt: T0, _accepted: true }], ['x3', { _sentAt: T0 - 2000, _accepted: false }]]));
    // The confirmed marks are this tab's marks of x1, x2 now: the delete of their row removes them.
    a._unmark(['x1', 'x2', 'x3']);
    assert.deepEqual(markKeys(), []);
  });

  test('where a log has an unload mark and a confirmed one (the page went between the two writes), it reads as confirmed', () => {
    for (const order of [['u', 'c'], ['c', 'u']]) {
      storage.clear();
      for (const kind of order) storage.setItem(`${PREFIX}dead:${kind}`, JSON.stringify(kind == 'c' ? { t: T0, i: ['x'], c: 1 } : { t: T0 - 9, i: ['x'] }));
      assert.deepEqual(createSentMarks('tabB', now)._read(DAY), new Map([['x', { _sentAt: T0, _accepted: true }]]), order.join(''));
    }
  });

  test('_read(maxAge, isAlive, stored) removes the marks of gone tabs whose logs the store no longer holds, and only those', () => {
    createSentMarks('gone', now)._mark(['g1', 'g2', 'g3']);
    createSentMarks('gone2', now)._mark(['h1'], true);
    createSentMarks('live', now)._mark(['l1']);
    const me = createSentMarks('me', now);
    me._mark(['m1']);
    const seen = me._read(DAY, (tab) => tab == 'live', new Set(['g2']));
    assert.deepEqual(ids(seen), ['g2', 'l1', 'm1']);
    assert.deepEqual(markKeys().sort(), [`${PREFIX}gone:0`, `${PREFIX}live:0`, `${PREFIX}me:0`]);
    assert.deepEqual(JSON.parse(storage.getItem(`${PREFIX}gone:0`)!), { t: T0, i: ['g2'] });
  });

  test('_unmark scans other tabs\' entries only for ids _read found marked by another tab', () => {
    const a = createSentMarks('tabA', now);
    const b = createSentMarks('tabB', now);
    a._mark(['a1']);
    let scans = 0;
    const key = storage.key.bind(storage);
    storage.key = (i) => (scans++, key(i));
    b._unmark(['x1', 'x2']); // delivered logs of b's own, never marked: no scan
    assert.equal(scans, 0);
    b._read(DAY);
    scans = 0;
    b._unmark(['a1']);
    assert.ok(scans > 0, 'a1 is a recovered log marked by tabA');
    assert.deepEqual(markKeys(), []);
  });

  test('_read(maxAge) drops entries at least maxAge old, from storage too', () => {
    const a = createSentMarks('tabA', now);
    a._mark(['old'], true, clock - 10_000);
    a._mark(['edge'], false, clock - 5_000);
    a._mark(['new'], false, clock - 4_999);
    const b = createSentMarks('tabB', now);
    assert.deepEqual(ids(b._read(5_000)), ['new']);
    assert.equal(markKeys().length, 1);
    // Gone for good: a longer maxAge does not bring them back.
    assert.deepEqual(ids(b._read(DAY)), ['new']);
    clock += 5_000;
    assert.deepEqual(ids(b._read(DAY)), ['new']);
    assert.deepEqual(ids(b._read(5_000)), []);
    assert.deepEqual(markKeys(), []);
  });

  test('entries that are not JSON do not stop the others from being read', () => {
    storage.setItem(PREFIX + 'dead:0', '{not json');
    const a = createSentMarks('tabA', now);
    a._mark(['ok1']);
    storage.setItem(PREFIX + 'dead:1', '');
    a._mark(['ok2'], true);
    assert.deepEqual(a._read(DAY), new Map([['ok1', { _sentAt: T0, _accepted: false }], ['ok2', { _sentAt: T0, _accepted: true }]]));
    // A corrupt entry counts as sent at time 0: pruned by any maxAge.
    assert.equal(storage.getItem(PREFIX + 'dead:0'), null);
    assert.equal(storage.getItem(PREFIX + 'dead:1'), null);
    a._unmark(['ok1']);
    assert.deepEqual(ids(a._read(DAY)), ['ok2']);
  });

  test('other keys in localStorage are left alone', () => {
    storage.setItem('app:setting', 'x');
    storage.setItem('sls-webtrack:tab:abc', '123');
    const a = createSentMarks('tabA', now);
    a._mark(['1'], false, 0);
    a._read(1);
    a._unmark(['1']);
    assert.equal(storage.getItem('app:setting'), 'x');
    assert.equal(storage.getItem('sls-webtrack:tab:abc'), '123');
  });

  test('a storage that throws on setItem (quota exceeded) never throws out', () => {
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    setLocalStorage(() => full);
    const a = createSentMarks('tabA', now);
    assert.doesNotThrow(() => a._mark(['1', '2'], true));
    assert.doesNotThrow(() => a._unmark(['1']));
    assert.doesNotThrow(() => a._unmark(['2']));
    assert.deepEqual(a._read(DAY).size, 0);
  });

  test('a storage whose every method throws never throws out', () => {
    const broken = new MemoryStorage();
    broken.setItem('sls-webtrack:sent:x:0', JSON.stringify({ t: clock, i: ['x'] }));
    const boom = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    broken.getItem = boom;
    broken.setItem = boom;
    broken.removeItem = boom;
    broken.key = boom;
    setLocalStorage(() => broken);
    const a = createSentMarks('tabA', now);
    assert.doesNotThrow(() => a._mark(['1']));
    assert.doesNotThrow(() => a._unmark(['1']));
    assert.doesNotThrow(() => a._unmark(['x']));
    let read: Map<string, SentMark> | undefined;
    assert.doesNotThrow(() => { read = a._read(DAY); });
    assert.equal(read?.size, 0);
  });

  test('when even touching localStorage throws, every call is a no-op', () => {
    setLocalStorage(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const a = createSentMarks('tabA', now);
    assert.doesNotThrow(() => {
      a._mark(['1']);
      a._unmark(['1']);
      a._unmark(['1']);
    });
    assert.equal(a._read(DAY).size, 0);
  });

  // An entry of the wrong shape (`null`, `{"t":1}` left by another version) must not stop the reading
  // of the others: a missed mark means the next visit resends logs already delivered.
  test('a JSON entry of the wrong shape (null, missing "i") does not hide the other marks', () => {
    storage.setItem(PREFIX + 'old:0', 'null');
    storage.setItem(PREFIX + 'old:1', JSON.stringify({ t: clock }));
    const a = createSentMarks('tabA', now);
    a._mark(['ok'], true);
    assert.deepEqual(a._read(DAY), new Map([['ok', { _sentAt: T0, _accepted: true }]]));
    a._unmark(['ok']);
    assert.deepEqual(markKeys().filter((k) => k.startsWith(PREFIX + 'tabA:')), []);
  });
});
