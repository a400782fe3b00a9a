import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIdentity, randomId } from '../../../src/capture/createIdentity.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';

const MIN = 60_000;

/** A fresh localStorage of the page, counting its writes. */
function memoryStore(): MemoryStorage & { data: Map<string, string>; writes: number } {
  const s = Object.assign(new MemoryStorage(), { writes: 0 });
  const set = s.setItem.bind(s);
  s.setItem = (k, v) => {
    s.writes++;
    set(k, v);
  };
  setLocalStorage(() => s);
  return Object.assign(s, { data: s.m });
}

test('the session renews after 30 minutes idle, not while active', () => {
  memoryStore();
  const id = createIdentity(30 * MIN);
  const s1 = id._session(0);
  assert.equal(id._session(29 * MIN), s1);
  assert.equal(id._session(58 * MIN), s1, 'activity at 29 min kept it alive');
  const s2 = id._session(58 * MIN + 30 * MIN);
  assert.notEqual(s2, s1);
  assert.equal(id._session(89 * MIN), s2);
});

test('visitor and session ids survive a reload (a new instance on the same storage)', () => {
  memoryStore();
  const a = createIdentity(30 * MIN);
  const v = a._visitor();
  const s = a._session(1000);
  const b = createIdentity(30 * MIN);
  assert.equal(b._visitor(), v);
  assert.equal(b._session(5 * MIN), s);
  assert.match(v, /^[0-9a-f]{24}$/);
  assert.notEqual(v, s);
});

test('tabs share a session: activity in one keeps the other alive', () => {
  memoryStore();
  const tab1 = createIdentity(30 * MIN);
  const tab2 = createIdentity(30 * MIN);
  const s = tab1._session(0);
  assert.equal(tab2._session(20 * MIN), s);
  assert.equal(tab1._session(45 * MIN), s);
});

test('last activity is written at most once a second', () => {
  const store = memoryStore();
  const id = createIdentity(30 * MIN);
  for (let t = 0; t < 5000; t += 10) id._session(t);
  assert.ok(store.writes <= 6, `${store.writes} writes`);
});

test('blocked storage falls back to ids in memory', () => {
  const denied = () => {
    throw new DOMException('denied', 'SecurityError');
  };
  const throwing = Object.assign(new MemoryStorage(), { getItem: denied, setItem: denied, removeItem: denied });
  // Its methods throw; reading localStorage throws (a sandboxed iframe); there is none.
  for (const get of [() => throwing, denied, () => undefined]) {
    setLocalStorage(get);
    const id = createIdentity(30 * MIN);
    const v = id._visitor();
    assert.equal(id._visitor(), v);
    const s = id._session(0);
    assert.equal(id._session(10 * MIN), s);
    assert.notEqual(id._session(50 * MIN), s);
  }
});

test('a clock that goes back does not keep writing or break the session', () => {
  const store = memoryStore();
  const id = createIdentity(30 * MIN);
  const s = id._session(10 * MIN);
  assert.equal(id._session(5 * MIN), s);
  assert.equal(store.data.get('sls-webtrack:sid'), `${s}.${5 * MIN}`);
});

test('forget removes both ids from storage and memory; the next call makes new ones', () => {
  const store = memoryStore();
  const id = createIdentity(30 * MIN);
  const v = id._visitor();
  const s = id._session(0);
  id._forget();
  assert.equal(store.data.size, 0);
  assert.notEqual(id._visitor(), v);
  assert.notEqual(id._session(1000), s);
  setLocalStorage(() => undefined);
  const blocked = createIdentity(30 * MIN);
  const bv = blocked._visitor();
  blocked._forget();
  assert.notEqual(blocked._visitor(), bv);
});

test('randomId gives 24 hex digits, different each time', () => {
  const ids = new Set(Array.from({ length: 1000 }, randomId));
  assert.equal(ids.size, 1000);
  for (const i of ids) assert.match(i, /^[0-9a-f]{24}$/);
});
