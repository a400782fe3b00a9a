/**
 * Compressed bodies made by encoders other than the collector's decoders: liblz4 (C) blocks and
 * CPython zlib streams committed under test/fixtures, plus Node's zlib. Each is posted and the
 * stored logs compared field for field with the JSON it was made from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { decodeLz4Block } from '../../demo/collector/decodeLz4Block.ts';
import {
  fixture,
  readLogs,
  readRequests,
  reset,
  startTestCollector,
  track,
  type TestCollector,
} from '../fixtures/collectorTestKit.ts';

const lz4Fixtures = ['small', 'repetitive', 'repetitive-hc', 'incompressible', 'utf8'];

interface Body {
  __topic__?: string;
  __source__?: string;
  __logs__: Array<Record<string, string>>;
  __tags__?: Record<string, string>;
}

/** The logs the service would show for `body`, minus `__time__` (checked separately). */
function expectedLogs(body: Body, clientIp: string): Array<Record<string, string>> {
  return body.__logs__.map((log) => ({
    ...log,
    __topic__: body.__topic__ ?? '',
    __source__: body.__source__ ?? clientIp,
    ...Object.fromEntries(Object.entries(body.__tags__ ?? {}).map(([k, v]) => [`__tag__:${k}`, v])),
  }));
}

function assertStoredAs(stored: Array<Record<string, string>>, body: Body, sentAt: number): void {
  const expected = expectedLogs(body, '127.0.0.1');
  assert.equal(stored.length, expected.length);
  stored.forEach((log, i) => {
    const { __time__: time, ...rest } = log;
    assert.deepEqual(rest, expected[i]);
    assert.ok(Math.abs(Number(time) - sentAt / 1000) < 5, `__time__ ${time}`);
  });
}

describe('decodeLz4Block (pure)', () => {
  for (const name of lz4Fixtures) {
    test(`decodes liblz4's ${name} block to the exact bytes`, () => {
      const raw = fixture(`lz4/${name}.json`);
      const result = decodeLz4Block(fixture(`lz4/${name}.lz4`), raw.length);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.ok(Buffer.from(result.bytes).equals(raw));
    });
  }

  test('every truncation of a block fails, none throws', () => {
    const block = fixture('lz4/utf8.lz4');
    const size = fixture('lz4/utf8.json').length;
    for (let n = 0; n < block.length; n++) {
      assert.equal(decodeLz4Block(block.subarray(0, n), size).ok, false, `prefix ${n}`);
    }
  });

  test('random corruption never throws and never yields a wrong length', () => {
    const block = fixture('lz4/repetitive.lz4');
    const size = fixture('lz4/repetitive.json').length;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
    for (let round = 0; round < 500; round++) {
      const copy = Buffer.from(block);
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      }
      const result = decodeLz4Block(copy, size);
      if (result.ok) assert.equal(result.bytes.length, size);
    }
  });

  test('a block ending in a match, or with a match too near the end, is refused, like liblz4', () => {
    // "aaaa" + match(offset 1, length 4) = 8 bytes, but the block ends after the match.
    assert.equal(decodeLz4Block(Buffer.from([0x40, 0x61, 0x61, 0x61, 0x61, 0x01, 0x00]), 8).ok, false);
    // With an empty closing literal run it still breaks the end of block rules (liblz4 1.9.4
    // refuses it too): the match starts 4 bytes before the end, the last 5 bytes are not literals.
    assert.equal(decodeLz4Block(Buffer.from([0x40, 0x61, 0x61, 0x61, 0x61, 0x01, 0x00, 0x00]), 8).ok, false);
    // The shortest block with a match: 13 bytes, the match 12 before the end, 5 literals last.
    const ok = decodeLz4Block(Buffer.from([0x13, 0x61, 0x01, 0x00, 0x50, 0x61, 0x61, 0x61, 0x61, 0x61]), 13);
    assert.ok(ok.ok);
    assert.equal(Buffer.from(ok.bytes).toString(), 'a'.repeat(13));
  });
});

describe('over HTTP', () => {
  let c: TestCollector;
  before(async () => {
    c = await startTestCollector();
  });
  after(() => c.close());

  for (const name of lz4Fixtures) {
    test(`liblz4 ${name}: stored field for field`, async () => {
      await reset(c);
      const raw = fixture(`lz4/${name}.json`);
      const block = fixture(`lz4/${name}.lz4`);
      const sentAt = Date.now();
      const answer = await track(c, block, { compressType: 'lz4', rawSize: raw.length });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text, '');
      assertStoredAs(await readLogs(c), JSON.parse(raw.toString('utf8')) as Body, sentAt);
      const [record] = await readRequests(c);
      assert.equal(record?.compressType, 'lz4');
      assert.equal(record?.rawBytes, raw.length);
      assert.equal(record?.wireBytes, block.length);
    });
  }

  test('CPython zlib.compress: stored field for field', async () => {
    await reset(c);
    const raw = fixture('deflate/python-zlib.json');
    const sentAt = Date.now();
    const answer = await track(c, fixture('deflate/python-zlib.zlib'), {
      compressType: 'deflate',
      rawSize: raw.length,
    });
    assert.equal(answer.status, 200, answer.text);
    assertStoredAs(await readLogs(c), JSON.parse(raw.toString('utf8')) as Body, sentAt);
  });

  test('Node zlib.deflateSync, every fixture body: stored field for field', async () => {
    for (const name of lz4Fixtures) {
      await reset(c);
      const raw = fixture(`lz4/${name}.json`);
      const sentAt = Date.now();
      const answer = await track(c, deflateSync(raw), { compressType: 'deflate', rawSize: raw.length });
      assert.equal(answer.status, 200, answer.text);
      assertStoredAs(await readLogs(c), JSON.parse(raw.toString('utf8')) as Body, sentAt);
    }
  });

  test('the same bodies uncompressed, in header and query mode, store the same logs', async () => {
    for (const mode of ['header', 'query'] as const) {
      await reset(c);
      const raw = fixture('lz4/utf8.json');
      const sentAt = Date.now();
      assert.equal((await track(c, raw, { mode })).status, 200);
      assertStoredAs(await readLogs(c), JSON.parse(raw.toString('utf8')) as Body, sentAt);
    }
  });
});
