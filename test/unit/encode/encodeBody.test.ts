// encodeBody: the request body as UTF-8, written log by log (no joined copy), in tasks of a few ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBody } from '../../../src/encode/encodeBody.ts';
import { buildBody } from '../../../src/batch/buildBody.ts';
import type { BatchMeta } from '../../../src/batch/BatchMeta.ts';

const meta: BatchMeta = { topic: 'web', source: 'unit', tags: { app: 'shop', 价: '值' } };
const texts = ['{"a":"x"}', '{"b":"é – 😀"}', '{"c":"价格"}', '{}', '{"d":"\\u0000\\"q\\""}'];
const expected = (jsons: string[], m = meta) => new TextEncoder().encode(buildBody(m, jsons));

test('byte for byte the UTF-8 of buildBody, whatever mix of ASCII and non-ASCII logs', async () => {
  for (let n = 0; n <= texts.length; n++) {
    const jsons = texts.slice(0, n);
    const want = expected(jsons);
    assert.deepEqual(await encodeBody(meta, jsons, want.length), want, `${n} logs`);
  }
  const bare: BatchMeta = { topic: '', source: '', tags: {} };
  assert.deepEqual(await encodeBody(bare, texts, expected(texts, bare).length), expected(texts, bare));
});

test('a size that does not match (a bug) still gives the whole body, never a cut one', async () => {
  const want = expected(texts);
  for (const wrong of [want.length - 1, want.length + 3, 0]) assert.deepEqual(await encodeBody(meta, texts, wrong), want, String(wrong));
});

test('a big body is written over several tasks: it yields once a slice of main-thread time is spent', async () => {
  const jsons = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ i, text: 'x'.repeat(100) + (i % 7 ? '' : ' – é') }));
  const want = expected(jsons);
  const now = performance.now.bind(performance);
  let fake = 0;
  // A slow machine: 256 logs take 30 ms between two looks at the clock.
  performance.now = () => (fake += 30);
  let tasks = 0;
  const setT = globalThis.setTimeout;
  globalThis.setTimeout = ((f: () => void, ms?: number) => (tasks++, setT(f, ms))) as typeof setTimeout;
  try {
    assert.deepEqual(await encodeBody(meta, jsons, want.length), want);
  } finally {
    performance.now = now;
    globalThis.setTimeout = setT;
  }
  // It looks at the clock every 256 logs and yields once over 8 ms: here, at every look.
  assert.equal(tasks, Math.floor(20_000 / 256), `yielded ${tasks} times`);
});
