import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toStringValue } from '../../../src/normalize/toStringValue.ts';
import { MAX_DEPTH } from '../../../src/lib/limits.ts';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** toStringValue of an object, parsed back. */
const parsed = (v: unknown): any => JSON.parse(toStringValue(v)!);

test('primitives at the top level', () => {
  assert.equal(toStringValue('héllo 价格 😀'), 'héllo 价格 😀');
  assert.equal(toStringValue(''), '');
  assert.equal(toStringValue(1.5), '1.5');
  assert.equal(toStringValue(-0), '0');
  assert.equal(toStringValue(1e21), '1e+21');
  assert.equal(toStringValue(NaN), 'NaN');
  assert.equal(toStringValue(Infinity), 'Infinity');
  assert.equal(toStringValue(-Infinity), '-Infinity');
  assert.equal(toStringValue(true), 'true');
  assert.equal(toStringValue(false), 'false');
  assert.equal(toStringValue(123n), '123');
  assert.equal(toStringValue(-(2n ** 80n)), '-1208925819614629174706176');
  assert.equal(toStringValue(null), 'null');
});

test('undefined, functions and symbols at the top level are dropped', () => {
  assert.equal(toStringValue(undefined), undefined);
  assert.equal(toStringValue(() => 1), undefined);
  assert.equal(toStringValue(class {}), undefined);
  assert.equal(toStringValue(Symbol('s')), undefined);
});

test('inside objects: dropped like JSON, non-finite numbers and BigInt as strings', () => {
  const s = Symbol('k');
  assert.equal(
    toStringValue({ a: 1, b: undefined, c: () => 1, d: Symbol('v'), [s]: 'symbol key', e: null, f: NaN, g: -Infinity, h: 2n ** 64n, i: 'x' }),
    '{"a":1,"e":null,"f":"NaN","g":"-Infinity","h":"18446744073709551616","i":"x"}',
  );
  assert.equal(toStringValue([undefined, () => 1, Symbol('v'), 1n, NaN]), '[null,null,null,"1","NaN"]');
  assert.equal(toStringValue([]), '[]');
  assert.equal(toStringValue({}), '{}');
  assert.equal(toStringValue([, 1]), '[null,1]'); // hole
});

test('Date: ISO, invalid → "Invalid Date", also nested', () => {
  assert.equal(toStringValue(new Date(0)), '1970-01-01T00:00:00.000Z');
  assert.equal(toStringValue(new Date('nope')), 'Invalid Date');
  assert.deepEqual(parsed({ d: new Date(86400000), bad: new Date(NaN) }), { d: '1970-01-02T00:00:00.000Z', bad: 'Invalid Date' });
});

test('Error: name, message, stack, cause; custom name; subclass; nested', () => {
  const e = parsed(new Error('boom'));
  assert.deepEqual(Object.keys(e), ['name', 'message', 'stack']);
  assert.equal(e.name, 'Error');
  assert.equal(e.message, 'boom');
  assert.match(e.stack, /boom/);

  const withCause = parsed(new Error('outer', { cause: new RangeError('inner', { cause: 42 }) }));
  assert.equal(withCause.cause.name, 'RangeError');
  assert.equal(withCause.cause.message, 'inner');
  assert.equal(withCause.cause.cause, 42);

  const named = new Error('n');
  named.name = 'NetworkError';
  assert.equal(parsed(named).name, 'NetworkError');

  class ApiError extends Error {
    status = 503; // own enumerable props are not copied
    constructor(m: string) {
      super(m);
      this.name = 'ApiError';
    }
  }
  const sub = parsed(new ApiError('down'));
  assert.equal(sub.name, 'ApiError');
  assert.equal(sub.message, 'down');
  assert.equal(sub.status, undefined);

  const nested = parsed({ err: new TypeError('t'), list: [new Error('x')] });
  assert.equal(nested.err.name, 'TypeError');
  assert.equal(nested.err.message, 't');
  assert.equal(typeof nested.err.stack, 'string');
  assert.equal(nested.list[0].message, 'x');
});

test('Error whose cause is itself, and a cause cycle', () => {
  const e = new Error('self');
  (e as any).cause = e;
  assert.equal(parsed(e).cause, '[Circular]');
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as any).cause = b;
  assert.equal(parsed(a).cause.cause, '[Circular]');
});

test('circular: self, mutual, in arrays; shared non-cyclic references are repeated', () => {
  const self: any = { n: 1 };
  self.me = self;
  assert.equal(toStringValue(self), '{"n":1,"me":"[Circular]"}');

  const a: any = { name: 'a' };
  const b: any = { name: 'b', a };
  a.b = b;
  assert.equal(toStringValue(a), '{"name":"a","b":{"name":"b","a":"[Circular]"}}');

  const arr: any[] = [1];
  arr.push(arr, { back: arr });
  assert.equal(toStringValue(arr), '[1,"[Circular]",{"back":"[Circular]"}]');

  const shared = { x: 1 };
  assert.equal(toStringValue({ p: shared, q: shared, r: [shared] }), '{"p":{"x":1},"q":{"x":1},"r":[{"x":1}]}');
});

test('Map → entries, Set → values, typed arrays → numbers', () => {
  assert.equal(toStringValue(new Map<unknown, unknown>([['k', 1], [{ o: 1 }, new Set([2n])]])), '[["k",1],[{"o":1},["2"]]]');
  assert.equal(toStringValue(new Set(['a', 'a', 'b'])), '["a","b"]');
  assert.equal(toStringValue({ m: new Map() }), '{"m":[]}');
  assert.equal(toStringValue(new Uint8Array([1, 2, 255])), '[1,2,255]');
  assert.equal(toStringValue(new Float64Array([0.5, NaN])), '[0.5,"NaN"]');
  assert.equal(toStringValue(new BigInt64Array([5n])), '["5"]');
  const m: any = new Map();
  m.set('me', m);
  assert.equal(toStringValue(m), '[["me","[Circular]"]]');
});

test('toJSON is used; a throwing toJSON becomes a marker', () => {
  assert.equal(toStringValue({ toJSON: () => ({ v: 1 }) }), '{"v":1}');
  assert.equal(toStringValue({ toJSON: () => 'as string' }), 'as string');
  assert.equal(toStringValue({ toJSON: () => undefined }), undefined);
  const me: any = { toJSON: () => me };
  assert.equal(toStringValue(me), '[Circular]');
  const bad = {
    toJSON() {
      throw new Error('no json');
    },
  };
  assert.equal(toStringValue(bad), '[Unserializable: no json]');
  assert.equal(toStringValue({ ok: 1, bad }), '{"ok":1,"bad":"[Unserializable: no json]"}');
});

test('throwing getters, throwing Proxies, revoked Proxies never throw', () => {
  const obj = {
    ok: 1,
    get bad() {
      throw new Error('getter');
    },
    get weird() {
      throw 'a string';
    },
    get hostile() {
      // Thrown value whose message getter throws too.
      throw Object.create(Error.prototype, {
        message: {
          get() {
            throw 1;
          },
        },
      });
    },
  };
  assert.equal(toStringValue(obj), '{"ok":1,"bad":"[Unserializable: getter]","weird":"[Unserializable: a string]","hostile":"[Unserializable]"}');

  const noKeys = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('no keys');
      },
    },
  );
  assert.equal(toStringValue(noKeys), '[Unserializable: no keys]');
  assert.equal(toStringValue({ p: noKeys }), '{"p":"[Unserializable: no keys]"}');

  const noGet = new Proxy(
    { a: 1 },
    {
      get() {
        throw new Error('no get');
      },
    },
  );
  assert.equal(toStringValue(noGet), '[Unserializable: no get]');

  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  revoke();
  assert.match(toStringValue(proxy)!, /^\[Unserializable: .*revoked/);
  assert.match(toStringValue([proxy])!, /^\["\[Unserializable: .*revoked.*"\]$/);

  const { proxy: fnProxy, revoke: r2 } = Proxy.revocable(() => 1, {});
  r2();
  assert.equal(toStringValue(fnProxy), undefined); // typeof is 'function'
});

test('deep nesting: 10,000 levels do not overflow, depth is capped', () => {
  let o: any = { leaf: true };
  for (let i = 0; i < 10000; i++) o = { c: o };
  let a: any = ['leaf'];
  for (let i = 0; i < 10000; i++) a = [a];
  const so = toStringValue(o)!;
  assert.equal(so, '{"c":'.repeat(MAX_DEPTH) + '"[Depth]"' + '}'.repeat(MAX_DEPTH));
  assert.equal(toStringValue(a), '['.repeat(MAX_DEPTH) + '"[Depth]"' + ']'.repeat(MAX_DEPTH));
});

test('exponential shared graph is cut, fast', () => {
  let x: any = 'leaf';
  for (let i = 0; i < 30; i++) x = [x, x, x];
  const t = Date.now();
  const s = toStringValue(x)!;
  assert.ok(Date.now() - t < 1000);
  assert.ok(s.includes('"[Truncated]"'));
  JSON.parse(s);
});

test('lone surrogates in values and keys become U+FFFD, pairs stay', () => {
  for (const v of ['a\uD800b', 'a\uDC00b', '\uD800', '\uDC00\uD800', 'x\uD83D']) {
    const s = toStringValue(v)!;
    assert.ok(!LONE.test(s));
    assert.ok(s.includes('\uFFFD'));
  }
  const s = toStringValue({ ['k\uD800']: ['v\uDC00', '😀'], e: new Error('m\uD83D') })!;
  assert.ok(!LONE.test(s));
  assert.ok(!/\\ud[89a-f]/i.test(s)); // no escaped surrogates either
  const back = JSON.parse(s);
  assert.deepEqual(back['k\uFFFD'], ['v\uFFFD', '😀']);
  assert.equal(back.e.message, 'm\uFFFD');
  assert.equal(toStringValue('😀价'), '😀价');
});

test('a __proto__ key stays data', () => {
  const o = JSON.parse('{"__proto__":{"x":1},"a":2}');
  assert.equal(toStringValue(o), '{"__proto__":{"x":1},"a":2}');
});
