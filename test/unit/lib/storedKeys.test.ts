import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storedKeys } from '../../../src/lib/storedKeys.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
});

const boom = () => {
  throw new DOMException('blocked', 'SecurityError');
};
const unusable: Array<[string, () => unknown]> = [
  ['key() throws', () => Object.assign(new MemoryStorage(), { key: boom })],
  ['reading localStorage throws (sandboxed iframe)', boom],
  ['no localStorage (a worker, Node)', () => undefined],
];

describe('storedKeys', () => {
  test('the keys under a prefix, as a snapshot the caller may remove them from', () => {
    for (const k of ['p:a', 'app:x', 'p:b', 'p', 'q:p:c', 'p:c']) storage.setItem(k, '1');
    const keys = storedKeys('p:');
    assert.deepEqual(keys.sort(), ['p:a', 'p:b', 'p:c']);
    for (const k of keys) storage.removeItem(k);
    assert.deepEqual([...storage.m.keys()], ['app:x', 'p', 'q:p:c']);
    assert.deepEqual(storedKeys('p:'), []);
  });

  for (const [name, get] of unusable) {
    test(`unusable storage (${name}): no keys, nothing throws`, () => {
      setLocalStorage(get);
      assert.deepEqual(storedKeys(''), []);
    });
  }

  test('no localStorage defined at all (ReferenceError): no keys', () => {
    delete (globalThis as Record<string, unknown>).localStorage;
    assert.deepEqual(storedKeys(''), []);
  });
});
