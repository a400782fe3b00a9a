// Property-style: random logs with random Unicode (astral, lone surrogates, escapes) keep every
// invariant the wire needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLog } from '../../../src/normalize/normalizeLog.ts';
import { RESERVED_KEYS } from '../../../src/lib/limits.ts';

let seed = 20240601;
const rnd = (n: number) => {
  seed = (seed * 48271) % 2147483647;
  return seed % n;
};
const PIECES = ['a', 'Z', '0', '_', ' ', '.', '"', '\\', '\n', '\u0000', '\u001f', '\u2028', 'é', '价', '😀', '𝄞', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFF', '__time__', '__tag__:', '_ts', '_id'];
const str = (max: number) => {
  let s = '';
  for (let i = rnd(max); i > 0; i--) s += rnd(4) ? PIECES[rnd(PIECES.length)] : String.fromCharCode(rnd(0x10000));
  return s;
};
const value = (depth: number): unknown => {
  switch (rnd(depth > 2 ? 5 : 8)) {
    case 0:
      return rnd(1000) - 500 + rnd(100) / 7;
    case 1:
      return rnd(2) == 0;
    case 2:
      return BigInt(rnd(1e6)) ** 3n;
    case 3:
      return [undefined, null, NaN, Symbol('s'), () => 0][rnd(5)];
    case 4:
      return str(30);
    case 5:
      return Array.from({ length: rnd(4) }, () => value(depth + 1));
    case 6:
      return new Date(rnd(2) ? rnd(2e12) : NaN);
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rnd(5); i > 0; i--) o[str(8)] = value(depth + 1);
      return o;
    }
  }
};

test('random logs: _bytes exact, valid UTF-8, valid unique keys, string values', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < 400; i++) {
    const input: Record<string, unknown> = {};
    for (let j = rnd(10); j > 0; j--) input[str(10)] = value(0);
    const n = normalizeLog(rnd(10) ? input : value(0), { ts: i, id: str(5) }, rnd(3) ? undefined : 40);
    assert.equal(n._bytes, Buffer.byteLength(n._json, 'utf8'));
    assert.equal(fatal.decode(new TextEncoder().encode(n._json)), n._json);
    const log = JSON.parse(n._json);
    const keys = Object.keys(log);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(log._ts, String(i));
    for (const k of keys) {
      assert.match(k, /^[A-Za-z_][A-Za-z0-9_]{0,127}$/);
      assert.ok(!RESERVED_KEYS.includes(k) && !k.startsWith('__tag__'));
      assert.equal(typeof log[k], 'string');
      assert.equal(log[k], log[k].toWellFormed(), k); // lone surrogates fixed
    }
  }
});
