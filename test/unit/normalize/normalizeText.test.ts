// utf8Length and fixSurrogates: the text primitives normalization stands on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8Length } from '../../../src/normalize/utf8Length.ts';
import { fixSurrogates } from '../../../src/normalize/fixSurrogates.ts';

const SAMPLES = [
  '',
  'abc',
  'é',
  '价格',
  '😀',
  'a😀b价c',
  '\u007f\u0080\u07ff\u0800\uffff',
  '\uD800',
  '\uDC00',
  'x\uD83D',
  '\uDE00x',
  '\uDC00\uD800',
  '\uD800\uD800\uDC00',
  '"\\\n\u0000\u2028',
];

test('utf8Length equals Buffer.byteLength, lone surrogates included', () => {
  for (const s of SAMPLES) assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s));
  let seed = 1;
  const rnd = () => (seed = (seed * 48271) % 2147483647);
  for (let i = 0; i < 500; i++) {
    let s = '';
    for (let j = rnd() % 40; j > 0; j--) s += String.fromCharCode(rnd() % 0x10000);
    assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'));
  }
});

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const expected = (s: string) => Buffer.from(s, 'utf8').toString('utf8'); // Node writes U+FFFD for lone ones

function check() {
  for (const s of SAMPLES) {
    const f = fixSurrogates(s);
    assert.ok(!LONE.test(f), JSON.stringify(s));
    assert.equal(f, expected(s), JSON.stringify(s));
  }
  assert.equal(fixSurrogates('a\uD800b'), 'a\uFFFDb');
  assert.equal(fixSurrogates('\uDC00\uD83D\uDE00\uD800'), '\uFFFD😀\uFFFD');
}

test('fixSurrogates (native toWellFormed)', () => {
  assert.equal(typeof (String.prototype as any).toWellFormed, 'function');
  check();
});

test('fixSurrogates (fallback, for browsers without toWellFormed)', () => {
  const proto = String.prototype as any;
  const native = proto.toWellFormed;
  delete proto.toWellFormed;
  try {
    check();
  } finally {
    proto.toWellFormed = native;
  }
});
