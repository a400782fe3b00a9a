import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyOverhead, buildBody } from '../../../src/batch/buildBody.ts';
import type { BatchMeta } from '../../../src/batch/BatchMeta.ts';
import { normalizeLog } from '../../../src/normalize/normalizeLog.ts';

const u8 = (s: string) => Buffer.byteLength(s, 'utf8');

const METAS: BatchMeta[] = [
  { topic: '', source: '', tags: {} },
  { topic: 't', source: '', tags: {} },
  { topic: '', source: '10.0.0.1', tags: {} },
  { topic: '', source: '', tags: { a: 'b' } },
  { topic: '主题', source: 'ソース😀', tags: { env: 'prod', 'quote"key': 'line\nbreak\ttab', ctl: '\u0000\u001f\u007f', 价: '😀𝄞', sep: '\u2028\u2029', bs: '\\' } },
  { topic: '"\\/', source: '\r\n', tags: { '': '' } },
];

const LOGS = [
  { m: 'hello' },
  { 价格: '¥12,50', emoji: '👍🏽👨‍👩‍👧', q: 'say "hi"\n', ctl: '\u0001\u0002' },
  'plain string',
  { nested: { a: [1, '二', { b: '😀' }] } },
  { lone: '\uD800x' },
].map((l, i) => normalizeLog(l, { ts: i, id: 'id' + i }));

test('body bytes = bodyOverhead + Σ bytes + commas, exactly', () => {
  for (const meta of METAS) {
    for (let n = 0; n <= LOGS.length; n++) {
      const logs = LOGS.slice(0, n);
      const body = buildBody(
        meta,
        logs.map((l) => l._json),
      );
      const sum = logs.reduce((s, l) => s + l._bytes, 0);
      assert.equal(u8(body), bodyOverhead(meta) + sum + Math.max(0, n - 1), `${JSON.stringify(meta)} n=${n}`);
      new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(body));
    }
  }
});

test('shape: __logs__ first, then topic, source, tags; empty ones left out', () => {
  assert.equal(buildBody({ topic: '', source: '', tags: {} }, []), '{"__logs__":[]}');
  assert.equal(buildBody({ topic: '', source: '', tags: {} }, ['{"a":"1"}', '{"b":"2"}']), '{"__logs__":[{"a":"1"},{"b":"2"}]}');
  assert.equal(
    buildBody({ topic: 't', source: 's', tags: { k: 'v', k2: 'v2' } }, ['{"a":"1"}']),
    '{"__logs__":[{"a":"1"}],"__topic__":"t","__source__":"s","__tags__":{"k":"v","k2":"v2"}}',
  );
  assert.equal(buildBody({ topic: '', source: 's', tags: {} }, []), '{"__logs__":[],"__source__":"s"}');
  assert.equal(buildBody({ topic: 't', source: '', tags: { x: 'y' } }, []), '{"__logs__":[],"__topic__":"t","__tags__":{"x":"y"}}');

  const meta = METAS[4]!;
  const parsed = JSON.parse(buildBody(meta, LOGS.map((l) => l._json)));
  assert.deepEqual(Object.keys(parsed), ['__logs__', '__topic__', '__source__', '__tags__']);
  assert.deepEqual(parsed.__logs__, LOGS.map((l) => JSON.parse(l._json)));
  assert.equal(parsed.__topic__, meta.topic);
  assert.equal(parsed.__source__, meta.source);
  assert.deepEqual(parsed.__tags__, meta.tags);
});

test('lone surrogates in topic, source and tags are sent as U+FFFD', () => {
  const meta = { topic: 'a\uD800', source: '\uDC00', tags: { ['k\uD800']: 'v\uDFFF' } };
  const body = buildBody(meta, []);
  assert.ok(!/\\ud[89a-f]/i.test(body));
  assert.deepEqual(JSON.parse(body), { __logs__: [], __topic__: 'a\uFFFD', __source__: '\uFFFD', __tags__: { 'k\uFFFD': 'v\uFFFD' } });
  assert.equal(u8(body), bodyOverhead(meta));
});
