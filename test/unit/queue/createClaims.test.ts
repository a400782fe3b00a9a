import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClaims } from '../../../src/queue/createClaims.ts';
import { createSentMarks } from '../../../src/queue/createSentMarks.ts';
import type { LogStore } from '../../../src/queue/createLogStore.ts';
import type { StoredRow } from '../../../src/queue/StoredRow.ts';
import type { LogGroup } from '../../../src/batch/createBatcher.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';

const T0 = 1_700_000_000_000;
let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
});
const sentKeys = () => [...storage.m.keys()].filter((k) => k.startsWith('sls-webtrack:sent:'));

/**
 * Claims over a store that hands out `rows` once, and whose deletes never commit (the tab dies
 * first); the store holds `rows` and the logs `alsoStored` (other tabs' rows). Tabs in `live` are alive.
 */
const setup = (rows: StoredRow[], firstAfter: number | undefined, alsoStored: string[] = [], live: string[] = []) => {
  const ev = { settled: [] as string[], enqueued: [] as LogGroup[], trusted: 0 };
  let claimed = false;
  const store = {
    _claim: async (_alive: unknown, journal: () => StoredRow[]) => {
      journal();
      const out = claimed ? [] : rows;
      claimed = true;
      return { _rows: out, _stored: new Set([...rows.flatMap((r) => r._logs.map(([id]) => id)), ...alsoStored]) };
    },
  } as unknown as LogStore;
  const c = createClaims({
    _store: store,
    _presence: { _alive: async () => (tab: string) => live.includes(tab) },
    _marks: createSentMarks('B', () => T0),
    _journal: { _orphans: () => [], _remove: () => undefined },
    _rows: { _add: () => undefined },
    _settle: (ids) => void ev.settled.push(...ids),
    _hooks: {
      _tab: 'B',
      _db: 'db',
      _journal: 'j',
      _now: () => T0,
      _enqueue: (g) => void ev.enqueued.push(g),
      _drop: () => undefined,
      _fail: () => undefined,
      _notStored: () => undefined,
      _trusted: (n) => void (ev.trusted += n),
      _health: { _failedBetween: () => false, _firstAfter: () => firstAfter as 0 | undefined },
    },
    _limits: { _maxStoredLogs: 100, _maxAge: 3_600_000 },
  });
  return { c, ev };
};
const row: StoredRow = { _key: [T0 - 5000, 'u1'], _group: '{}', _logs: [['u1', T0 - 5000, '{}', 2], ['u2', T0 - 5000, '{}', 2], ['u3', T0 - 5000, '{}', 2]] };

describe('createClaims', () => {
  // Found by test/e2e/lastMoment.spec.ts (history.back): marks were forgotten as soon as the
  // logs were trusted or found accepted, before their row's delete had committed. A page that went
  // in between left the row in IndexedDB with no mark, and the next page sent it all again.
  test('trusted and accepted logs keep their marks until their row is deleted; resent ones lose them at once', async () => {
    const a = createSentMarks('A', () => T0);
    a._mark(['u1'], false, T0 - 4000); // a beacon took u1
    a._mark(['u2'], true, T0 - 4000); // the service took u2, the row's delete never committed
    const { c, ev } = setup([row], 0);
    await c._start();
    c._stop();
    assert.equal(ev.trusted, 1);
    assert.deepEqual(ev.settled.sort(), ['u1', 'u2']);
    assert.deepEqual(ev.enqueued.map((g) => g._logs.map((l) => l._logId)), [['u3']]);
    assert.equal(sentKeys().length, 2, 'both marks stay until the row is deleted (by _settle)');
  });

  test('logs resent after a failure answer lose their marks at once: the resend is an ordinary send', async () => {
    createSentMarks('A', () => T0)._mark(['u1', 'u2'], false, T0 - 4000);
    const { c, ev } = setup([row], 2);
    await c._start();
    c._stop();
    assert.deepEqual(ev.enqueued.map((g) => g._logs.map((l) => l._logId)), [['u3'], ['u1', 'u2']]);
    assert.deepEqual(sentKeys(), []);
  });

  // Found by test/e2e/lastMoment.spec.ts (closed tab): a tab that closed after its row's delete
  // had committed but before it removed the marks left them for a day; after a few hundred tabs,
  // 19,000 marks were parsed at every claim.
  test('marks of gone tabs for logs the store no longer holds are removed; a live tab\'s, and stored logs\' marks, stay', async () => {
    createSentMarks('A', () => T0)._mark(['gone1', 'u1', 'gone2'], true, T0 - 4000);
    createSentMarks('C', () => T0)._mark(['c1'], false, T0 - 4000); // C is alive: its marks are its own business
    createSentMarks('D', () => T0)._mark(['d1'], false, T0 - 4000); // a row of a live tab holds d1
    createSentMarks('E', () => T0)._mark(['e1', 'e2'], true, T0 - 4000); // nothing holds e1, e2
    const { c } = setup([row], 0, ['d1'], ['C']);
    await c._start();
    c._stop();
    const kept = Object.fromEntries(sentKeys().map((k) => [k, (JSON.parse(storage.getItem(k)!) as { i: string[] }).i]));
    assert.deepEqual(kept, {
      'sls-webtrack:sent:A:0': ['u1'],
      'sls-webtrack:sent:C:0': ['c1'],
      'sls-webtrack:sent:D:0': ['d1'],
    });
  });
});
