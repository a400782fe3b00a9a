// The encoder's own contract: raw blocks that three independent decoders read back (lz4js's, the
// collector's strict one, liblz4), the end of block rules kept, "not smaller" reported, and a
// reused hash table that never leaks one call's data into the next. The 20,000-body proof
// against liblz4 is compressLz4.property.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as lz4js from 'lz4js';
import { decodeLz4Block } from '../../../demo/collector/decodeLz4Block.ts';
import { compressLz4 } from '../../../src/encode/compressLz4.ts';
import { seededRandom, trackerBody } from '../../helpers/lz4Bodies.ts';
import { liblz4DecodesTo, openLiblz4, requireLiblz4, skipWithoutLiblz4 } from '../../helpers/liblz4.ts';

const reference = openLiblz4();
after(async () => {
  if (reference.ok) await reference.lib.close();
});

function samples(): Uint8Array[] {
  const random = seededRandom(7);
  const meta = { topic: 'web', source: '', tags: { sdk: 'sls-webtrack' } };
  const out: Uint8Array[] = [new Uint8Array(13).fill(65), new Uint8Array(100_000).fill(0), Buffer.from('abcabcabcabcabcabc')];
  for (let i = 0; i < 150; i++) out.push(trackerBody(random, 1 + (i % 60), meta, i * 60));
  return out;
}

/** The positions where the block's matches start and end, from its sequences (no decoding). */
function matchSpans(block: Uint8Array): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let ip = 0;
  let op = 0;
  const length = (nibble: number): number => {
    let value = nibble;
    if (nibble === 15) for (let byte = 255; byte === 255; value += byte) byte = block[ip++]!;
    return value;
  };
  for (;;) {
    const token = block[ip++]!;
    const literals = length(token >> 4);
    ip += literals;
    op += literals;
    if (ip >= block.length) return spans;
    ip += 2;
    const match = length(token & 15) + 4;
    spans.push([op, op + match]);
    op += match;
  }
}

test('blocks decode to the input with lz4js and with the strict collector decoder', () => {
  let checked = 0;
  for (const raw of samples()) {
    const block = compressLz4(raw);
    assert.ok(block, `${raw.length} B compress`);
    assert.ok(block.length < raw.length);
    const back = new Uint8Array(raw.length);
    assert.equal(lz4js.decompressBlock(block, back, 0, block.length, 0), raw.length);
    assert.ok(Buffer.from(back).equals(raw), `lz4js, ${raw.length} B`);
    const strict = decodeLz4Block(block, raw.length);
    assert.ok(strict.ok, strict.ok ? '' : strict.reason);
    assert.ok(Buffer.from(strict.bytes).equals(raw));
    checked++;
  }
  assert.equal(checked, 153);
});

test('and with liblz4 at exactly the raw size', { skip: skipWithoutLiblz4(reference) }, async () => {
  const lib = requireLiblz4(reference);
  for (const raw of samples()) assert.ok(await liblz4DecodesTo(lib, compressLz4(raw)!, raw), `${raw.length} B`);
});

test('every match starts at least 12 bytes before the end and ends at least 5 before it', () => {
  let matches = 0;
  for (const raw of samples()) {
    for (const [start, end] of matchSpans(compressLz4(raw)!)) {
      assert.ok(start <= raw.length - 12, `match at ${start} of ${raw.length}`);
      assert.ok(end <= raw.length - 5, `match to ${end} of ${raw.length}`);
      matches++;
    }
  }
  assert.ok(matches > 1000, `${matches} matches`);
});

test('under 13 bytes, nothing compresses (a block that short is literals only)', () => {
  for (let n = 0; n < 13; n++) assert.equal(compressLz4(new Uint8Array(n).fill(65)), undefined, `${n} B`);
  // 13 bytes: one literal, a match of 7 (offset 1) that starts 12 bytes before the end, and
  // the last 5 bytes as literals.
  assert.deepEqual([...compressLz4(new Uint8Array(13).fill(65))!], [0x13, 65, 1, 0, 0x50, 65, 65, 65, 65, 65]);
});

test('incompressible data is reported, so the caller sends it raw', () => {
  const raw = new Uint8Array(4096);
  crypto.getRandomValues(raw);
  assert.equal(compressLz4(raw), undefined);
});

test('the reused table and buffer: a body compresses to the same block whatever was compressed before', () => {
  const [first, second] = [samples()[40]!, samples()[90]!];
  const block = compressLz4(first)!;
  const alone = Buffer.from(block);
  compressLz4(second);
  // The block handed out is its own copy: the next call's work buffer does not touch it.
  assert.ok(Buffer.from(block).equals(alone));
  compressLz4(first.subarray(0, 500));
  assert.ok(Buffer.from(compressLz4(first)!).equals(alone));
  // Past 2^30 bytes in all, the table starts over; blocks stay the same.
  const zeros = new Uint8Array(3 << 20);
  for (let total = 0; total <= 2 ** 30; total += zeros.length) compressLz4(zeros);
  assert.ok(Buffer.from(compressLz4(first)!).equals(alone));
});

test('a view into a larger buffer is read from its own offset', () => {
  const body = samples()[20]!;
  const padded = new Uint8Array(body.length + 10).fill(0x7b);
  padded.set(body, 7);
  const view = padded.subarray(7, 7 + body.length);
  assert.ok(Buffer.from(compressLz4(view)!).equals(Buffer.from(compressLz4(body)!)));
});
