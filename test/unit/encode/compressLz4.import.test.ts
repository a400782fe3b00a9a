// Issue 10: "nothing allocated at import". lz4js allocates 5 MiB when it is imported, on every
// page that loads it; our encoder allocates its hash table and work buffer at its first call.
// Its own file: node --test runs each file in its own process, so the module is not loaded yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('importing the encoder allocates no buffer; its first call does', async () => {
  const before = process.memoryUsage().arrayBuffers;
  const { compressLz4 } = await import('../../../src/encode/compressLz4.ts');
  const afterImport = process.memoryUsage().arrayBuffers;
  assert.ok(afterImport - before < 16 * 1024, `import allocated ${afterImport - before} B of buffers`);
  compressLz4(new TextEncoder().encode('abcd'.repeat(1000)));
  const afterCall = process.memoryUsage().arrayBuffers;
  // 2^14 Int32 entries (64 KiB) of hash table and a 64 KiB work buffer.
  assert.ok(afterCall - afterImport >= 64 * 1024, `the first call allocated ${afterCall - afterImport} B`);
});
