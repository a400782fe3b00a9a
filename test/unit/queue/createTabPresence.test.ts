import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTabPresence } from '../../../src/queue/createTabPresence.ts';

/** A Web Locks stand-in: every request is granted at once (the names here never conflict). */
const fakeLocks = () => {
  const held: Array<{ name: string; mode: string }> = [];
  return {
    held,
    request(name: string, opts: { mode?: string }, cb: () => Promise<void>) {
      const lock = { name, mode: opts.mode ?? 'exclusive' };
      held.push(lock);
      return cb().then(() => void held.splice(held.indexOf(lock), 1));
    },
    query: async () => ({ held: [...held], pending: [] }),
  };
};
const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (saved) Object.defineProperty(globalThis, 'navigator', saved);
  else delete (globalThis as Record<string, unknown>).navigator;
});
const turn = () => new Promise<void>((r) => setImmediate(r));

describe('createTabPresence with Web Locks', () => {
  test('_shared: another tab of the same database holds the shared lock too; other databases do not count', async () => {
    Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { locks: fakeLocks() } });
    const a = createTabPresence('a', 'sls-webtrack:tab:db1', Date.now, 5000);
    await a._ready;
    await a._alive();
    assert.equal(a._shared(), false, 'alone');
    const other = createTabPresence('o', 'sls-webtrack:tab:db2', Date.now, 5000);
    await other._ready;
    await a._alive();
    assert.equal(a._shared(), false, 'a tracker of another database is no peer');
    const b = createTabPresence('b', 'sls-webtrack:tab:db1', Date.now, 5000);
    await b._ready;
    const alive = await a._alive();
    assert.equal(a._shared(), true);
    assert.equal(alive('b'), true);
    b._stop();
    await turn();
    const after = await a._alive();
    assert.equal(a._shared(), false, 'b is gone: a sends on unload again');
    assert.equal(after('b'), false);
    a._stop();
    other._stop();
  });

  test('without Web Locks (heartbeats), _shared is never claimed', async () => {
    Object.defineProperty(globalThis, 'navigator', { configurable: true, value: {} });
    const a = createTabPresence('a', 'p', Date.now, 5000);
    await a._alive();
    assert.equal(a._shared(), false);
    a._stop();
  });
});
