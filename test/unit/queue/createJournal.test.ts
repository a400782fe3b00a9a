import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createJournal } from '../../../src/queue/createJournal.ts';
import type { StoredLog, StoredRow } from '../../../src/queue/StoredRow.ts';
import { JOURNAL_MAX_CHARS } from '../../../src/lib/limits.ts';
import { journalPrefix } from '../../../src/lib/storageKeys.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';

const URL_A = 'https://p.cn-hangzhou.log.aliyuncs.com/logstores/a/track';
const PREFIX = journalPrefix(URL_A);
let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
});

const slog = (id: string, pad = 0): StoredLog => {
  const json = JSON.stringify({ id, p: 'x'.repeat(pad) });
  return [id, 1000, json, json.length];
};
const row = (id: string, logs: StoredLog[], group = '{"topic":"t"}'): StoredRow => ({ _key: [1000, id], _group: group, _logs: logs });
const journalKeys = () => [...storage.m.keys()].filter((k) => k.startsWith('sls-webtrack:journal:'));
const chars = () => journalKeys().reduce((n, k) => n + k.length + storage.getItem(k)!.length, 0);

/** A tab's journal over rows the test sets, with the drops it reported. */
const tab = (id: string, prefix = PREFIX) => {
  const t = { rows: [] as StoredRow[], drops: [] as number[] };
  const j = createJournal(prefix, id, () => t.rows, (n) => void t.drops.push(n));
  return { ...t, t, j };
};
const dead = () => false;

describe('createJournal', () => {
  test('writes the uncommitted rows under its own key; another tab reads them back once the writer is gone', () => {
    const a = tab('tabA');
    a.t.rows = [row('a1', [slog('a1'), slog('a2')]), row('a3', [slog('a3')], '{"topic":"u"}')];
    a.j._write(true);
    assert.deepEqual(journalKeys(), [PREFIX + 'tabA']);
    assert.deepEqual(JSON.parse(storage.getItem(PREFIX + 'tabA')!), [
      [[1000, 'a1'], '{"topic":"t"}', [slog('a1'), slog('a2')]],
      [[1000, 'a3'], '{"topic":"u"}', [slog('a3')]],
    ]);
    assert.deepEqual(a.drops, []);
    const b = tab('tabB');
    assert.deepEqual(b.j._orphans((owner) => owner === 'tabA'), [], 'the writer is alive: not taken');
    assert.deepEqual(b.j._orphans(dead), [[PREFIX + 'tabA', a.t.rows]]);
    assert.deepEqual(a.j._orphans(dead), [], 'never its own');
    b.j._remove(PREFIX + 'tabA');
    assert.deepEqual(journalKeys(), []);
  });

  test('nothing uncommitted: the entry is removed, and nothing is written', () => {
    const a = tab('tabA');
    a.t.rows = [row('a1', [slog('a1')])];
    a.j._write(true);
    a.t.rows = [];
    a.j._write(true);
    assert.deepEqual(journalKeys(), []);
  });

  test('journals of another track URL are not taken; unreadable ones of ours are removed', () => {
    const other = tab('tabO', journalPrefix(URL_A.replace('/a/', '/b/')));
    other.t.rows = [row('o1', [slog('o1')])];
    other.j._write(true);
    storage.setItem(PREFIX + 'bad1', '{not json');
    storage.setItem(PREFIX + 'bad2', JSON.stringify([[[1, 'x'], 'g', [['x', 'not a time', '{}', 2]]]]));
    storage.setItem(PREFIX + 'bad3', JSON.stringify({ rows: [] }));
    storage.setItem('app:key', 'kept');
    assert.deepEqual(tab('tabB').j._orphans(dead), []);
    assert.deepEqual(journalKeys(), [journalPrefix(URL_A.replace('/a/', '/b/')) + 'tabO']);
    assert.equal(storage.getItem('app:key'), 'kept');
  });

  test('all journals together stay within the bound; what does not fit is dropped as journalFull, oldest kept, each counted once', () => {
    // Another tab's journal (of any URL) already takes most of the bound.
    const big = tab('tabBig', journalPrefix('https://x/logstores/y/track'));
    big.t.rows = [row('b1', [slog('b1', JOURNAL_MAX_CHARS - 20_000)])];
    big.j._write(true);
    assert.deepEqual(big.drops, []);
    const a = tab('tabA');
    const logs = Array.from({ length: 40 }, (_, i) => slog(`a${String(i).padStart(2, '0')}`, 1000));
    a.t.rows = [row('a00', logs.slice(0, 20)), row('a20', logs.slice(20))];
    a.j._write(true);
    assert.ok(chars() <= JOURNAL_MAX_CHARS, `${chars()} characters in all`);
    const kept = tab('tabC').j._orphans(dead).find(([k]) => k === PREFIX + 'tabA')![1].flatMap((r) => r._logs);
    assert.ok(kept.length > 5 && kept.length < 40, `${kept.length} kept`);
    assert.deepEqual(kept, logs.slice(0, kept.length), 'the oldest, in order');
    assert.deepEqual(a.drops, [40 - kept.length]);
    // Written again (hidden, then pagehide): the same logs are not counted twice.
    a.j._write(true);
    assert.deepEqual(a.drops, [40 - kept.length]);
  });

  test('localStorage full (the host page\'s data): as much as fits is kept, the rest counted', () => {
    const quota = 30_000;
    const full = new MemoryStorage();
    const set = full.setItem.bind(full);
    full.setItem = (k, v) => {
      if (k.length + v.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      set(k, v);
    };
    setLocalStorage(() => full);
    const a = tab('tabA');
    const logs = Array.from({ length: 100 }, (_, i) => slog(`a${i}`, 500));
    a.t.rows = [row('a0', logs)];
    a.j._write(true);
    const value = full.getItem(PREFIX + 'tabA');
    assert.ok(value, 'something was kept');
    const kept = (JSON.parse(value) as Array<[unknown, string, StoredLog[]]>)[0]![2].length;
    assert.ok(kept > 10 && kept < 100, `${kept} kept`);
    assert.deepEqual(a.drops, [100 - kept]);
  });

  test('localStorage blocked or missing: everything is dropped as journalFull, and nothing throws', () => {
    const boom = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    const blocked = new MemoryStorage();
    blocked.getItem = boom;
    blocked.setItem = boom;
    blocked.removeItem = boom;
    blocked.key = boom;
    for (const get of [() => blocked, () => undefined, boom]) {
      setLocalStorage(get);
      const a = tab('tabA');
      a.t.rows = [row('a1', [slog('a1'), slog('a2')])];
      assert.doesNotThrow(() => a.j._write(true));
      assert.deepEqual(a.drops, [2]);
      assert.deepEqual(a.j._orphans(dead), []);
      assert.doesNotThrow(() => a.j._remove(PREFIX + 'x'));
    }
  });

  test('_refresh writes the entry again a task later, with what is still uncommitted; none left removes it', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const a = tab('tabA');
    a.j._refresh();
    t.mock.timers.tick(0);
    assert.deepEqual(journalKeys(), [], 'no entry: a refresh writes none');
    a.t.rows = [row('a1', [slog('a1')]), row('a2', [slog('a2')])];
    a.j._write(true);
    a.t.rows = [row('a2', [slog('a2')])];
    a.j._refresh();
    a.j._refresh();
    assert.equal(JSON.parse(storage.getItem(PREFIX + 'tabA')!).length, 2, 'not at once');
    t.mock.timers.tick(0);
    assert.equal(JSON.parse(storage.getItem(PREFIX + 'tabA')!).length, 1);
    a.t.rows = [];
    a.j._refresh();
    t.mock.timers.tick(0);
    assert.deepEqual(journalKeys(), []);
    assert.deepEqual(a.drops, []);
  });
});
