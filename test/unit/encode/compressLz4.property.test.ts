// Proof against the reference: at least 20,000 bodies (test/helpers/lz4Bodies.ts: real tracker
// bodies with and without topic, source and tags, random bytes, runs, every length 0–300, a few
// of 1–3 MiB), each compressed by compressLz4 and decoded byte for byte by (a) the collector's
// strict decoder and (b) liblz4's LZ4_decompress_safe at exactly the raw size, as a C service
// decodes x-log-bodyrawsize. Without liblz4, (b) is skipped (not run, never passed) unless
// REQUIRE_LIBLZ4=1, which makes it fail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeLz4Block } from '../../../demo/collector/decodeLz4Block.ts';
import { compressLz4 } from '../../../src/encode/compressLz4.ts';
import { propertyBodies } from '../../helpers/lz4Bodies.ts';
import { liblz4DecodesTo, openLiblz4, requireLiblz4, skipWithoutLiblz4 } from '../../helpers/liblz4.ts';

interface Encoded {
  name: string;
  bytes: Uint8Array;
  block: Uint8Array | undefined;
}

const MIN_BODIES = 20_000;
const reference = openLiblz4();
let encoded: Encoded[] = [];

before(() => {
  encoded = [...propertyBodies()].map(({ name, bytes }) => ({ name, bytes, block: compressLz4(bytes) }));
});
after(async () => {
  if (reference.ok) await reference.lib.close();
});

test(`${MIN_BODIES.toLocaleString('en')}+ bodies: every block is smaller and decodes byte for byte with the strict collector decoder`, (t) => {
  assert.ok(encoded.length >= MIN_BODIES, `${encoded.length} bodies`);
  let blocks = 0;
  for (const { name, bytes, block } of encoded) {
    if (!block) continue;
    assert.ok(block.length < bytes.length, `${name}: block of ${block.length} B for ${bytes.length} B`);
    const decoded = decodeLz4Block(block, bytes.length);
    assert.ok(decoded.ok, `${name} (${bytes.length} B): ${decoded.ok ? '' : decoded.reason}`);
    assert.ok(Buffer.from(decoded.bytes).equals(bytes), `${name}: decoded bytes differ`);
    blocks++;
  }
  // Most bodies compress; random bytes and very short ones do not (then they go out raw).
  assert.ok(blocks > encoded.length * 0.7, `${blocks} of ${encoded.length} compressed`);
  t.diagnostic(`${encoded.length} bodies encoded, ${blocks} blocks decoded by decodeLz4Block, ${encoded.length - blocks} not smaller (sent raw)`);
});

test('the same blocks decode byte for byte with liblz4 (LZ4_decompress_safe at exactly the raw size)', { skip: skipWithoutLiblz4(reference) }, async (t) => {
  const lib = requireLiblz4(reference);
  let blocks = 0;
  let sentRaw = 0;
  let liblz4Smaller = 0;
  // In chunks: all requests of a chunk are in the pipe at once, answers come back in order.
  for (let from = 0; from < encoded.length; from += 1000) {
    const chunk = encoded.slice(from, from + 1000);
    const results = await Promise.all(
      chunk.map(async ({ bytes, block }) => (block ? liblz4DecodesTo(lib, block, bytes) : (await lib.compress(bytes)).length)),
    );
    results.forEach((result, i) => {
      const { name, bytes, block } = chunk[i]!;
      if (block) {
        assert.equal(result, true, `${name} (${bytes.length} B): liblz4 refuses the block or decodes it otherwise`);
        blocks++;
        return;
      }
      // A body sent raw: liblz4 must not save 3 % of it (the encoder's ratio target) either.
      const size = result as number;
      assert.ok(size >= bytes.length * 0.97, `${name} (${bytes.length} B): sent raw, but liblz4 makes ${size} B of it`);
      sentRaw++;
      if (size < bytes.length) liblz4Smaller++;
    });
  }
  t.diagnostic(
    `liblz4 ${lib.version}: ${blocks} blocks decoded byte for byte; ${sentRaw} bodies not smaller (sent raw), ` +
      `of which liblz4 shrinks ${liblz4Smaller} by less than 3 %`,
  );
});
