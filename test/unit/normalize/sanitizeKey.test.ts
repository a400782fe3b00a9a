import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeKey } from '../../../src/normalize/sanitizeKey.ts';
import { RESERVED_KEYS } from '../../../src/lib/limits.ts';

const VALID = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

test('valid keys are returned unchanged', () => {
  for (const k of ['a', '_', 'user_id', 'A9', '_1', 'x'.repeat(128), '__tags__', '__timestamp__', 'user__time__', '__proto__']) {
    assert.equal(sanitizeKey(k), k);
  }
});

test('invalid characters → _ (one per code point)', () => {
  assert.equal(sanitizeKey('a b'), 'a_b');
  assert.equal(sanitizeKey('a.b-c d'), 'a_b_c_d');
  assert.equal(sanitizeKey('http.status-code'), 'http_status_code');
  assert.equal(sanitizeKey('价格'), '__');
  assert.equal(sanitizeKey('é'), '_');
  assert.equal(sanitizeKey('😀'), '_'); // a surrogate pair is one character
  assert.equal(sanitizeKey('a😀b'), 'a_b');
  assert.equal(sanitizeKey('a\uD800b'), 'a_b'); // lone high
  assert.equal(sanitizeKey('a\uDC00b'), 'a_b'); // lone low
  assert.equal(sanitizeKey('\u017F\u212A'), '__'); // \w must stay ASCII
  assert.equal(sanitizeKey('tab\there\n'), 'tab_here_');
});

test('empty and leading digit', () => {
  assert.equal(sanitizeKey(''), '_');
  assert.equal(sanitizeKey('1st'), '_1st');
  assert.equal(sanitizeKey('0'), '_0');
  assert.equal(sanitizeKey('9.5'), '_9_5');
  assert.equal(sanitizeKey(' 1'), '_1'); // the space became _, so no digit leads
});

test('capped at 128 bytes', () => {
  assert.equal(sanitizeKey('a'.repeat(200)), 'a'.repeat(128));
  assert.equal(sanitizeKey('a'.repeat(129)), 'a'.repeat(128));
  assert.equal(sanitizeKey('1'.repeat(200)), '_' + '1'.repeat(127));
  assert.equal(sanitizeKey('价'.repeat(200)), '_'.repeat(128));
  assert.equal(sanitizeKey('__tag__' + 'x'.repeat(200)).length, 128);
});

test('reserved keys are renamed with a user prefix, judged after replacement', () => {
  for (const k of RESERVED_KEYS) assert.equal(sanitizeKey(k), 'user' + k);
  assert.equal(sanitizeKey('__time__'), 'user__time__');
  assert.equal(sanitizeKey('__tag__'), 'user__tag__');
  assert.equal(sanitizeKey('__tag__:x'), 'user__tag___x');
  assert.equal(sanitizeKey('__tag__:__receive_time__'), 'user__tag_____receive_time__');
  assert.equal(sanitizeKey('__time.'), '__time_'); // not reserved
  assert.equal(sanitizeKey('__time_.'), 'user__time__'); // reserved after replacement
  const long = sanitizeKey('__tag__' + 'x'.repeat(200));
  assert.equal(long, ('user__tag__' + 'x'.repeat(200)).slice(0, 128));
});

test('every output is a valid, unreserved key (random)', () => {
  const pool = ['a', 'Z', '_', '0', '9', ' ', '.', '-', ':', '价', 'é', '😀', '\uD800', '\uDC00', '__tag__', '__time__'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let i = 0; i < 2000; i++) {
    let k = '';
    for (let j = rnd(12); j > 0; j--) k += pool[rnd(pool.length)];
    if (rnd(10) == 0) k = k.repeat(40);
    const s = sanitizeKey(k);
    assert.match(s, VALID, JSON.stringify(k));
    assert.ok(!RESERVED_KEYS.includes(s) && !s.startsWith('__tag__'), JSON.stringify(k));
    assert.equal(sanitizeKey(s), s); // idempotent
  }
});
