import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLog, type NormalizedLog } from '../../../src/normalize/normalizeLog.ts';
import { MAX_VALUE_BYTES, RESERVED_KEYS } from '../../../src/lib/limits.ts';

const stamp = { ts: 1700000000123, id: 'id-1' };
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Every invariant a normalized log keeps; returns the parsed log. */
function check(n: NormalizedLog): Record<string, string> {
  assert.equal(n._bytes, Buffer.byteLength(n._json, 'utf8'));
  const bytes = new TextEncoder().encode(n._json);
  assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(bytes), n._json);
  assert.ok(!LONE.test(n._json));
  const log = JSON.parse(n._json);
  const keys = Object.keys(log);
  assert.deepEqual(keys.slice(-2), ['_ts', '_id']);
  for (const k of keys) {
    assert.match(k, KEY);
    assert.ok(!RESERVED_KEYS.includes(k) && !k.startsWith('__tag__'), k);
    assert.equal(typeof log[k], 'string');
    assert.ok(!LONE.test(log[k]), k);
  }
  return log;
}
const norm = (input: unknown, max?: number) => check(normalizeLog(input, stamp, max));

test('a plain object: fields in order, then _ts and _id; no notes', () => {
  const n = normalizeLog({ event: 'click', count: 3, ok: true, price: 9.5 }, stamp);
  assert.equal(n._json, '{"event":"click","count":"3","ok":"true","price":"9.5","_ts":"1700000000123","_id":"id-1"}');
  assert.equal(n._notes, undefined);
  check(n);
});

test('values go through toStringValue; undefined, functions, symbols drop the field', () => {
  const s = Symbol('k');
  const log = norm({ a: undefined, f() {}, sym: Symbol('v'), [s]: 'symbol key ignored', n: null, nan: NaN, big: 12n, d: new Date(0), bad: new Date(''), obj: { x: [1, 'y'] } });
  assert.deepEqual(log, {
    n: 'null',
    nan: 'NaN',
    big: '12',
    d: '1970-01-01T00:00:00.000Z',
    bad: 'Invalid Date',
    obj: '{"x":[1,"y"]}',
    _ts: '1700000000123',
    _id: 'id-1',
  });
});

test('non-record inputs become message', () => {
  const msg = (v: unknown) => {
    const { _ts, _id, ...rest } = norm(v);
    assert.equal(_ts, '1700000000123');
    assert.equal(_id, 'id-1');
    return rest;
  };
  assert.deepEqual(msg('hello'), { message: 'hello' });
  assert.deepEqual(msg(42), { message: '42' });
  assert.deepEqual(msg(7n), { message: '7' });
  assert.deepEqual(msg(null), { message: 'null' });
  assert.deepEqual(msg(undefined), {});
  assert.deepEqual(msg(() => 1), {});
  assert.deepEqual(msg([1, { a: 2 }]), { message: '[1,{"a":2}]' });
  assert.deepEqual(msg(new Date(0)), { message: '1970-01-01T00:00:00.000Z' });
  assert.deepEqual(msg(new Map([['k', 1]])), { message: '[["k",1]]' });
  assert.deepEqual(msg(new Set([1])), { message: '[1]' });
  assert.deepEqual(msg(new Uint8Array([3])), { message: '[3]' });
});

test('an Error input gives name, message, stack, cause fields', () => {
  class HttpError extends Error {
    constructor(m: string, o?: ErrorOptions) {
      super(m, o);
      this.name = 'HttpError';
    }
  }
  const log = norm(new HttpError('503', { cause: new Error('upstream') }));
  assert.deepEqual(Object.keys(log), ['name', 'message', 'stack', 'cause', '_ts', '_id']);
  assert.equal(log.name, 'HttpError');
  assert.equal(log.message, '503');
  assert.match(log.stack!, /HttpError: 503/);
  assert.equal(JSON.parse(log.cause!).message, 'upstream');
  assert.deepEqual(Object.keys(norm(new TypeError('t'))), ['name', 'message', 'stack', '_ts', '_id']);
});

test('hostile inputs: throwing getters, Proxies, revoked Proxies', () => {
  const getters = norm({
    ok: 'yes',
    get bad() {
      throw new Error('getter says no');
    },
    get str() {
      throw 'plain';
    },
  });
  assert.deepEqual(getters, { ok: 'yes', bad: '[Unserializable: getter says no]', str: '[Unserializable: plain]', _ts: '1700000000123', _id: 'id-1' });

  const noGet = new Proxy(
    { a: 1, b: 2 },
    {
      get() {
        throw new Error('trap');
      },
    },
  );
  assert.deepEqual(norm(noGet), { a: '[Unserializable: trap]', b: '[Unserializable: trap]', _ts: '1700000000123', _id: 'id-1' });

  const noKeys = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('keys');
      },
    },
  );
  assert.equal(norm(noKeys).message, '[Unserializable: keys]');

  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  revoke();
  assert.match(norm(proxy).message!, /^\[Unserializable: .*revoked/);
  assert.match(norm({ p: proxy }).p!, /^\[Unserializable: .*revoked/);

  const badJson = {
    toJSON() {
      throw new Error('tj');
    },
  };
  assert.equal(norm({ v: badJson }).v, '[Unserializable: tj]');
});

test('circular and deep values inside fields', () => {
  const a: any = { n: 1 };
  a.self = a;
  let deep: any = {};
  for (let i = 0; i < 10000; i++) deep = { c: deep };
  const log = norm({ a, deep, list: [a, a] });
  assert.equal(log.a, '{"n":1,"self":"[Circular]"}');
  assert.ok(log.deep!.includes('"[Depth]"'));
  assert.equal(log.list, '[{"n":1,"self":"[Circular]"},{"n":1,"self":"[Circular]"}]');
  assert.deepEqual(norm(a), { n: '1', self: '{"n":1,"self":"[Circular]"}', _ts: '1700000000123', _id: 'id-1' });
});

test('invalid keys are sanitized and noted', () => {
  const long = 'k'.repeat(200);
  const n = normalizeLog({ 'a b': 1, 'c.d': 2, 'e-f': 3, 价格: 4, '1st': 5, '': 6, [long]: 7, 'x\uD800': 8, '😀': 9 }, stamp);
  const log = check(n);
  assert.deepEqual(Object.keys(log), ['a_b', 'c_d', 'e_f', '__', '_1st', '_', 'k'.repeat(128), 'x_', '__2', '_ts', '_id']);
  assert.equal(log._, '6');
  assert.equal(log.__2, '9'); // '😀' → '_', taken by '' → '_' + '_2'
  assert.equal(log['k'.repeat(128)], '7');
  assert.ok(n._notes!.includes('renamed key "a b" to "a_b"'));
  assert.ok(n._notes!.includes(`renamed key "${long}" to "${'k'.repeat(128)}"`));
});

test('reserved keys renamed, collisions suffixed, never merged', () => {
  const n = normalizeLog({ __time__: 't', user__time__: 'u', __topic__: 'p', '__tag__:x': 'g', __source__: 's' }, stamp);
  assert.deepEqual(check(n), {
    user__time__: 't',
    user__time___2: 'u',
    user__topic__: 'p',
    user__tag___x: 'g',
    user__source__: 's',
    _ts: '1700000000123',
    _id: 'id-1',
  });
  assert.ok(n._notes!.includes('renamed key "__time__" to "user__time__"'));
  assert.ok(n._notes!.includes('renamed key "user__time__" to "user__time___2"'));

  assert.deepEqual(Object.entries(norm({ 'a b': 1, 'a.b': 2, a_b: 3, a_b_2: 4 })).slice(0, 4), [
    ['a_b', '1'],
    ['a_b_2', '2'],
    ['a_b_3', '3'],
    ['a_b_2_2', '4'],
  ]);
  // A suffix on a 128-byte key keeps it at 128 bytes.
  const k128 = 'a'.repeat(128);
  const keys = Object.keys(norm({ [k128]: 1, [k128 + '.']: 2, [k128 + '-']: 3 }));
  assert.deepEqual(keys.slice(0, 3), [k128, 'a'.repeat(126) + '_2', 'a'.repeat(126) + '_3']);
});

test('_ts and _id are the tracker\'s; user _ts/_id are renamed, not merged', () => {
  const n = normalizeLog({ _ts: 'mine', _id: 42, _ts_2: 'x' }, { ts: 5, id: 'abc"\\' });
  assert.equal(n._json, '{"_ts_2":"mine","_id_2":"42","_ts_2_2":"x","_ts":"5","_id":"abc\\"\\\\"}');
  check(n);
  assert.deepEqual(n._notes, ['renamed key "_ts" to "_ts_2"', 'renamed key "_id" to "_id_2"', 'renamed key "_ts_2" to "_ts_2_2"']);
  assert.equal(normalizeLog({}, stamp)._json, '{"_ts":"1700000000123","_id":"id-1"}');
});

test('a __proto__ key is data', () => {
  const log = norm(JSON.parse('{"__proto__":"p","constructor":"c"}'));
  assert.equal(log.__proto__, 'p');
  assert.equal(log.constructor, 'c');
});

test('object with a null prototype and a class instance', () => {
  const o = Object.create(null);
  o.a = 1;
  class C {
    x = 1;
    get y() {
      return 2; // prototype getter: not own, not logged
    }
  }
  assert.deepEqual(Object.keys(norm(o)), ['a', '_ts', '_id']);
  assert.deepEqual(Object.keys(norm(new C())), ['x', '_ts', '_id']);
});

test('lone surrogates in values and keys → U+FFFD; emoji and CJK kept', () => {
  const n = normalizeLog({ hi: 'a\uD800b', lo: 'a\uDC00b', end: 'x\uD83D', ['k\uDC00']: 'v', nested: { 'q\uD800': ['\uDC00'] }, ok: '价格 😀 ✓' }, stamp);
  const log = check(n);
  assert.ok(!/\\ud[89a-f]/i.test(n._json)); // no escaped lone surrogates on the wire
  assert.equal(log.hi, 'a\uFFFDb');
  assert.equal(log.lo, 'a\uFFFDb');
  assert.equal(log.end, 'x\uFFFD');
  assert.equal(log.k_, 'v');
  assert.deepEqual(JSON.parse(log.nested!), { 'q\uFFFD': ['\uFFFD'] });
  assert.equal(log.ok, '价格 😀 ✓');
});

test('values at the limit are kept whole', () => {
  const ascii = 'a'.repeat(MAX_VALUE_BYTES);
  assert.equal(norm({ v: ascii }).v, ascii);
  const twoByte = 'é'.repeat(MAX_VALUE_BYTES / 2);
  const n = normalizeLog({ v: twoByte }, stamp);
  assert.equal(check(n).v, twoByte);
  assert.equal(n._notes, undefined);
});

const marker = (n: number) => `…[truncated ${n} bytes]`;
const u8 = (s: string) => Buffer.byteLength(s, 'utf8');

test('5 MB value → exactly within 1 MiB with the marker; multi-byte chars at the cut', () => {
  const tail = 'b'.repeat(5 * 1024 * 1024);
  for (const [ch, gap] of [
    ['😀', 2], // 4-byte char straddling the cut: dropped whole, 2 bytes short
    ['价', 1], // 3-byte char straddling: 1 byte short
    ['é', 1], // 2-byte char straddling
    ['é', 0], // 2-byte char ending exactly at the limit
  ] as const) {
    // Find the prefix length so that `ch` starts `gap` bytes before the room left for the marker.
    const total = (k: number) => k + u8(ch) + tail.length;
    const k = MAX_VALUE_BYTES - u8(marker(total(MAX_VALUE_BYTES))) - (gap || u8(ch));
    const big = 'a'.repeat(k) + ch + tail;
    const N = u8(big);
    const room = MAX_VALUE_BYTES - u8(marker(N));
    assert.equal(k, room - (gap || u8(ch)));
    const n = normalizeLog({ big }, stamp);
    const v = check(n).big!;
    assert.ok(v.endsWith(marker(N)), 'marker states the original size');
    assert.equal(u8(v), gap ? MAX_VALUE_BYTES - gap : MAX_VALUE_BYTES);
    assert.equal(v, big.slice(0, k + (gap ? 0 : ch.length)) + marker(N));
    assert.deepEqual(n._notes, [`truncated value of "big" from ${N} bytes`]);
  }
});

test('truncation is exact at every cut position (small limit)', () => {
  const max = 64;
  for (let k = 0; k <= 70; k++) {
    for (const filler of ['😀', '价', 'é', 'a', '😀a价é']) {
      const value = 'a'.repeat(k) + filler.repeat(30);
      const N = u8(value);
      const v = norm({ value }, max).value!;
      if (N <= max) {
        assert.equal(v, value);
        continue;
      }
      assert.ok(u8(v) <= max);
      assert.ok(u8(v) > max - 4, `${k} ${filler}: ${u8(v)}`); // at most a 4-byte char short
      assert.ok(v.endsWith(marker(N)));
      assert.ok(value.startsWith(v.slice(0, -marker(N).length)));
    }
  }
});

test('a limit smaller than the marker cuts without it', () => {
  assert.equal(norm({ v: 'a'.repeat(100) }, 10).v, 'a'.repeat(10));
  assert.equal(norm({ v: '😀'.repeat(10) }, 10).v, '😀😀');
});

test('an engine error half-way keeps the fields before it and says so', () => {
  // A negative limit makes the typed array allocation throw, standing in for the engine's string
  // length limit, which would take half a gigabyte to reach.
  const n = normalizeLog({ a: '' }, stamp, -1);
  assert.equal(n._json, '{"_ts":"1700000000123","_id":"id-1"}');
  assert.match(n._notes![0]!, /^fields dropped: RangeError/);
  check(n);
});
