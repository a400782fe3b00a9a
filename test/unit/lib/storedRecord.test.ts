import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storedRecord } from '../../../src/lib/storedRecord.ts';
import { MemoryStorage, setLocalStorage } from '../../helpers/MemoryStorage.ts';

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  setLocalStorage(() => storage);
});

const boom = () => {
  throw new DOMException('blocked', 'SecurityError');
};
/** A storage whose every method throws, as some browsers' blocked storage does. */
const blocked = (): MemoryStorage => {
  const s = new MemoryStorage();
  s.setItem('k', '{"a":1}');
  s.getItem = boom;
  s.setItem = boom;
  s.removeItem = boom;
  s.key = boom;
  return s;
};
/** Every way localStorage can be unusable: methods throw, reading it throws, it is not there. */
const unusable: Array<[string, () => unknown]> = [
  ['every method throws', blocked],
  ['reading localStorage throws (sandboxed iframe)', boom],
  ['no localStorage (a worker, Node)', () => undefined],
];

describe('storedRecord', () => {
  test('writes a value as JSON and reads it back; null removes the key', () => {
    assert.equal(storedRecord('k', { t: 1, i: ['a'] }), true);
    assert.equal(storage.getItem('k'), '{"t":1,"i":["a"]}');
    assert.deepEqual(storedRecord('k'), { t: 1, i: ['a'] });
    assert.equal(storedRecord('n', 1700000000000), true);
    assert.equal(storage.getItem('n'), '1700000000000', 'a number is stored as String() writes it');
    assert.equal(storedRecord('k', null), true);
    assert.equal(storage.getItem('k'), null);
    assert.equal(storedRecord('missing', null), true, 'removing a missing key is no failure');
  });

  test('a missing key reads as null', () => {
    assert.equal(storedRecord('nothing'), null);
  });

  // Another tab, an old version or the page itself may have written anything under the key.
  test('hostile or foreign text reads as undefined or as its JSON value, never throws', () => {
    for (const text of ['{broken', '', 'undefined', 'NaN', 'Infinity', '0x10', "{'a':1}", '[1,', '\u0000']) {
      storage.setItem('k', text);
      assert.equal(storedRecord('k'), undefined, JSON.stringify(text));
    }
    const values: Array<[string, unknown]> = [['null', null], ['1', 1], ['"1"', '1'], ['[]', []], ['{"__proto__":{"x":1}}', JSON.parse('{"__proto__":{"x":1}}')], [' 12 ', 12]];
    for (const [text, value] of values) {
      storage.setItem('k', text);
      assert.deepEqual(storedRecord('k'), value, text);
    }
    assert.equal(({} as Record<string, unknown>).x, undefined, 'no prototype polluted');
  });

  test('a value JSON cannot write (a cycle, a BigInt) is not written, and nothing throws', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    storage.setItem('k', 'old');
    assert.equal(storedRecord('k', cycle), undefined);
    assert.equal(storedRecord('k', 1n), undefined);
    assert.equal(storage.getItem('k'), 'old');
  });

  test('storage full (QuotaExceededError on setItem): the write says so, reads and removes still work', () => {
    const full = new MemoryStorage();
    full.setItem('k', '[1]');
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    setLocalStorage(() => full);
    assert.equal(storedRecord('k', [1, 2]), undefined);
    assert.deepEqual(storedRecord('k'), [1]);
    assert.equal(storedRecord('k', null), true);
    assert.equal(storedRecord('k'), null);
  });

  for (const [name, get] of unusable) {
    test(`unusable storage (${name}): reads are undefined, writes and removes fail, nothing throws`, () => {
      setLocalStorage(get);
      assert.equal(storedRecord('k'), undefined);
      assert.equal(storedRecord('k', { a: 2 }), undefined);
      assert.equal(storedRecord('k', null), undefined);
    });
  }

  test('no localStorage defined at all (ReferenceError): the same, nothing throws', () => {
    delete (globalThis as Record<string, unknown>).localStorage;
    assert.equal(typeof localStorage, 'undefined');
    assert.equal(storedRecord('k'), undefined);
    assert.equal(storedRecord('k', 1), undefined);
    assert.equal(storedRecord('k', null), undefined);
  });
});
