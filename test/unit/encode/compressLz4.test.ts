// The vendored block encoder must produce exactly what lz4js produces, and blocks that decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as lz4js from 'lz4js';
import { compressLz4 } from '../../../src/encode/compressLz4.ts';

function sample(seed: number, n: number): Uint8Array {
  let a = seed;
  const rnd = () => ((a = (Math.imul(a ^ (a >>> 15), 2246822507) + 0x9e3779b9) | 0) >>> 0) / 4294967296;
  const words = ['page', 'click', '/products/', '日本語', '🎉', '"q"', 'button#buy', 'https://example.com/a?b=c'];
  let s = '{"__logs__":[';
  while (s.length < n) s += `{"event":"${words[Math.floor(rnd() * words.length)]}","i":"${Math.floor(rnd() * 1000)}"},`;
  return new TextEncoder().encode(s.slice(0, n));
}

test('same bytes as lz4js compressBlock, and lz4js decodes them', () => {
  const inputs: Uint8Array[] = [new Uint8Array(0), new Uint8Array(12).fill(65), new Uint8Array(13).fill(65)];
  for (let t = 0; t < 120; t++) inputs.push(sample(t, 1 + ((t * 977) % 200_000)));
  const noise = new Uint8Array(70_000);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  inputs.push(noise);
  let compared = 0;
  for (const raw of inputs) {
    const ref = new Uint8Array(lz4js.compressBound(raw.length));
    const refSize = lz4js.compressBlock(raw, ref, 0, raw.length, new Uint32Array(1 << 16));
    const ours = compressLz4(raw);
    if (refSize === 0 || refSize >= raw.length) {
      assert.equal(ours, undefined, `length ${raw.length}: lz4js found it incompressible`);
      continue;
    }
    assert.ok(ours, `length ${raw.length}`);
    assert.deepEqual(Buffer.from(ours), Buffer.from(ref.subarray(0, refSize)));
    const back = new Uint8Array(raw.length);
    assert.equal(lz4js.decompressBlock(ours, back, 0, ours.length, 0), raw.length);
    assert.deepEqual(Buffer.from(back), Buffer.from(raw));
    compared++;
  }
  assert.ok(compared > 100);
});

test('incompressible data is reported, so the caller sends it raw', () => {
  const raw = new Uint8Array(4096);
  crypto.getRandomValues(raw);
  assert.equal(compressLz4(raw), undefined);
});
