import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBatch } from '../../../src/batch/splitBatch.ts';
import { bodyOverhead, buildBody } from '../../../src/batch/buildBody.ts';
import type { BatchMeta } from '../../../src/batch/BatchMeta.ts';
import { normalizeLog } from '../../../src/normalize/normalizeLog.ts';
import { MAX_BODY_BYTES, MAX_LOGS_PER_REQUEST } from '../../../src/lib/limits.ts';

const u8 = (s: string) => Buffer.byteLength(s, 'utf8');
const fake = (bytes: number, i = 0) => ({ _bytes: bytes, i });

test('exactly 4096 logs → 1 chunk, 4097 → 4096 + 1', () => {
  const logs = Array.from({ length: 4097 }, (_, i) => fake(50, i));
  const one = splitBatch(logs.slice(0, 4096), 100, MAX_LOGS_PER_REQUEST, MAX_BODY_BYTES);
  assert.equal(one.chunks.length, 1);
  assert.equal(one.chunks[0]!.length, 4096);
  assert.deepEqual(one.tooBig, []);
  const two = splitBatch(logs, 100, MAX_LOGS_PER_REQUEST, MAX_BODY_BYTES);
  assert.deepEqual(
    two.chunks.map((c) => c.length),
    [4096, 1],
  );
  assert.equal(two.chunks[1]![0]!.i, 4096);
});

test('bytes: overhead + Σ bytes + commas ≤ max, greedy', () => {
  // overhead 10, max 40: 10+10 = 20, +1+10 = 31, +1+10 = 42 > 40 → cut; then 20, 30, 40: fits.
  const { chunks } = splitBatch([fake(10, 0), fake(10, 1), fake(10, 2), fake(9, 3), fake(9, 4), fake(1, 5)], 10, 100, 40);
  assert.deepEqual(
    chunks.map((c) => c.map((l) => l.i)),
    [[0, 1], [2, 3, 4], [5]],
  );
  // Exactly full: 10 + 10 + 1 + 19 = 40.
  assert.equal(splitBatch([fake(10), fake(19)], 10, 100, 40).chunks.length, 1);
  assert.equal(splitBatch([fake(10), fake(20)], 10, 100, 40).chunks.length, 2);
});

test('a log that cannot fit alone goes to tooBig; order kept; no empty chunks', () => {
  const logs = [fake(31, 0), fake(5, 1), fake(30, 2), fake(6, 3), fake(100, 4), fake(30, 5)];
  const { chunks, tooBig } = splitBatch(logs, 10, 100, 40);
  assert.deepEqual(
    tooBig.map((l) => l.i),
    [0, 4],
  );
  assert.deepEqual(
    chunks.map((c) => c.map((l) => l.i)),
    [[1], [2], [3], [5]],
  );
  assert.deepEqual(splitBatch([fake(31)], 10, 100, 40), { chunks: [], tooBig: [fake(31)] });
  assert.deepEqual(splitBatch([], 10, 100, 40), { chunks: [], tooBig: [] });
  const many = splitBatch(
    Array.from({ length: 1000 }, (_, i) => fake(1 + (i % 37), i)),
    7,
    13,
    120,
  );
  assert.deepEqual(
    many.chunks.flat().map((l) => l.i),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  for (const c of many.chunks) {
    assert.ok(c.length > 0 && c.length <= 13);
    assert.ok(7 + c.reduce((s, l) => s + l._bytes, 0) + c.length - 1 <= 120);
  }
});

test('the 3 MiB boundary with real multi-byte bodies', () => {
  const meta: BatchMeta = { topic: '主题😀', source: 'src"', tags: { 'k"': 'v\n价' } };
  const overhead = bodyOverhead(meta);
  const stamp = (i: number) => ({ ts: 1700000000000 + i, id: 'id' + i });
  // Three logs of about 1 MB of CJK (3 bytes a char) and emoji (4), then one filler to the byte.
  const big = [0, 1, 2].map((i) => normalizeLog({ text: '价'.repeat(300000) + '😀'.repeat(20000), i }, stamp(i)));
  const used = overhead + big.reduce((s, l) => s + l._bytes, 0) + 3; // 3 commas for 4 logs
  const filler = (extra: number) => {
    const want = MAX_BODY_BYTES - used + extra;
    const base = normalizeLog({ p: '' }, stamp(3))._bytes;
    const q = want - base;
    const n = normalizeLog({ p: '😀'.repeat(Math.floor(q / 4)) + 'a'.repeat(q % 4) }, stamp(3));
    assert.equal(n._bytes, want);
    return n;
  };

  const full = [...big, filler(0)];
  const a = splitBatch(full, overhead, MAX_LOGS_PER_REQUEST, MAX_BODY_BYTES);
  assert.equal(a.chunks.length, 1);
  assert.equal(a.chunks[0]!.length, 4);
  const body = buildBody(
    meta,
    a.chunks[0]!.map((l) => l._json),
  );
  assert.equal(u8(body), MAX_BODY_BYTES);

  const over = [...big, filler(1)];
  const b = splitBatch(over, overhead, MAX_LOGS_PER_REQUEST, MAX_BODY_BYTES);
  assert.deepEqual(
    b.chunks.map((c) => c.length),
    [3, 1],
  );
  assert.deepEqual(b.chunks.flat(), over);
  for (const c of b.chunks) {
    const cb = buildBody(
      meta,
      c.map((l) => l._json),
    );
    assert.ok(u8(cb) <= MAX_BODY_BYTES);
    assert.equal(u8(cb), overhead + c.reduce((s, l) => s + l._bytes, 0) + c.length - 1);
  }

  // One log bigger than a whole body.
  const huge = { _json: '', _bytes: MAX_BODY_BYTES - overhead + 1 };
  const c = splitBatch([big[0]!, huge, big[1]!], overhead, MAX_LOGS_PER_REQUEST, MAX_BODY_BYTES);
  assert.deepEqual(c.tooBig, [huge]);
  assert.deepEqual(c.chunks, [[big[0], big[1]]]);
});
