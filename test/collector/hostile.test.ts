/**
 * Hostile input: oversized bodies, decompression bombs, lying sizes, broken streams. Each must be
 * refused with the service's code, quickly, with bounded memory, and leave the collector serving.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import {
  assertCommonHeaders,
  assertError,
  assertStillServing,
  fixture,
  jsonBody,
  rawRequest,
  readLogs,
  readRequests,
  reset,
  send,
  startTestCollector,
  track,
  type TestCollector,
} from '../fixtures/collectorTestKit.ts';

const MB3 = 3 * 1024 * 1024;

let c: TestCollector;
before(async () => {
  c = await startTestCollector();
});
after(() => c.close());

/** A valid LZ4 block of only literals: an encoder independent of the collector's decoder. */
function lz4Literals(data: Uint8Array): Buffer {
  const head: number[] = [];
  if (data.length < 15) head.push(data.length << 4);
  else {
    head.push(0xf0);
    let rest = data.length - 15;
    for (; rest >= 255; rest -= 255) head.push(255);
    head.push(rest);
  }
  return Buffer.concat([Buffer.from(head), data]);
}

/**
 * A valid LZ4 block expanding to `size` bytes of "a" in about size/255 bytes: one literal, one
 * overlapping match of offset 1 as long as the length bytes can say, five closing literals.
 */
function lz4Bomb(size: number): Buffer {
  const bytes = [0x1f, 0x61, 0x01, 0x00];
  let rest = size - 1 - 5 - 4 - 15;
  for (; rest >= 255; rest -= 255) bytes.push(255);
  bytes.push(rest, 0x50, 0x61, 0x61, 0x61, 0x61, 0x61);
  return Buffer.from(bytes);
}

/** A valid body of exactly `size` bytes: three logs whose values fill it, each under 1 MiB. */
function bodyOfSize(size: number): string {
  const skeleton = jsonBody([{ a: '' }, { a: '' }, { a: '' }]);
  const fill = size - skeleton.length;
  const part = Math.floor(fill / 3);
  const body = jsonBody([{ a: 'x'.repeat(part) }, { a: 'y'.repeat(part) }, { a: 'z'.repeat(fill - 2 * part) }]);
  assert.equal(Buffer.byteLength(body), size);
  return body;
}

describe('size limits', () => {
  test('a raw body of exactly 3 MB is accepted, in every mode', async () => {
    await reset(c);
    const body = bodyOfSize(MB3);
    assert.equal((await track(c, body, { mode: 'query' })).status, 200);
    assert.equal((await track(c, body)).status, 200);
    const lz4 = await track(c, lz4Literals(Buffer.from(body)), { compressType: 'lz4', rawSize: MB3 });
    assert.equal(lz4.status, 200, lz4.text);
    const deflate = await track(c, deflateSync(body), { compressType: 'deflate', rawSize: MB3 });
    assert.equal(deflate.status, 200, deflate.text);
    assert.equal((await readLogs(c)).length, 12);
  });

  test('3 MB + 1 byte is PostBodyTooLarge, in every mode', async () => {
    const body = bodyOfSize(MB3 + 1);
    assertError(await track(c, body, { mode: 'query' }), 400, 'PostBodyTooLarge');
    assertError(await track(c, body), 400, 'PostBodyTooLarge');
    const raw = Buffer.from(body);
    assertError(await track(c, lz4Literals(raw), { compressType: 'lz4', rawSize: raw.length }), 400, 'PostBodyTooLarge');
    assertError(await track(c, deflateSync(raw), { compressType: 'deflate', rawSize: raw.length }), 400, 'PostBodyTooLarge');
    await assertStillServing(c);
  });

  test('4096 logs are accepted, 4097 are PostBodyTooLarge', async () => {
    await reset(c);
    const logs = (n: number) => jsonBody(Array.from({ length: n }, (_, i) => ({ i: String(i) })));
    assertError(await track(c, logs(4097)), 400, 'PostBodyTooLarge');
    assert.equal((await track(c, logs(4096))).status, 200);
    const stored = await readLogs(c);
    assert.equal(stored.length, 4096);
    assert.equal(stored[4095]?.['i'], '4095');
    await assertStillServing(c);
  });

  test('a declared Content-Length of 100 MB is answered at once, without reading the body', async () => {
    const started = Date.now();
    const answer = await rawRequest(c, {
      method: 'POST',
      path: '/logstores/web/track?APIVersion=0.6.0',
      headers: { 'content-length': String(100 * 1024 * 1024), 'content-type': 'text/plain' },
      // Send the headers and a few bytes, then wait: the answer must not wait for 100 MB.
      write: (req) => {
        req.flushHeaders();
        req.write('{"__logs__":[');
      },
      timeoutMs: 2000,
    });
    assert.ok(Date.now() - started < 1000);
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body.toString()).errorCode, 'PostBodyTooLarge');
    assert.equal(answer.headers['connection'], 'close');
    assertCommonHeaders(answer.headers);
    await assertStillServing(c);
  });

  test('an x-log-bodyrawsize over 3 MB is refused before the body is read', async () => {
    const answer = await rawRequest(c, {
      method: 'POST',
      path: '/logstores/web/track',
      headers: {
        'x-log-apiversion': '0.6.0',
        'x-log-bodyrawsize': String(MB3 + 1),
        'x-log-compresstype': 'lz4',
        'content-length': '1000',
      },
      write: (req) => req.flushHeaders(),
      timeoutMs: 2000,
    });
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body.toString()).errorCode, 'PostBodyTooLarge');
    await assertStillServing(c);
  });

  test('a chunked body streaming past 3 MB is cut off at the limit', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const answer = await rawRequest(c, {
      method: 'POST',
      path: '/logstores/web/track?APIVersion=0.6.0',
      headers: { 'transfer-encoding': 'chunked' },
      write: (req) => {
        for (let i = 0; i < 16; i++) req.write(chunk); // 4 MB
        req.end();
      },
    });
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body.toString()).errorCode, 'PostBodyTooLarge');
    const [last] = (await readRequests(c)).slice(-1);
    assert.ok(last && last.wireBytes > MB3 && last.wireBytes <= MB3 + chunk.length);
    await assertStillServing(c);
  });

  test('a compressed body larger than any encoder makes from 3 MB is refused unread', async () => {
    const noise = Buffer.alloc(MB3 + 100 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    assertError(await track(c, noise, { compressType: 'lz4', rawSize: 1000 }), 400, 'PostBodyTooLarge');
    assertError(await track(c, noise, { compressType: 'deflate', rawSize: MB3 }), 400, 'PostBodyTooLarge');
    await assertStillServing(c);
  });
});

describe('decompression', () => {
  test('the LZ4 bomb construction is a valid block (decodes at 3 MB)', async () => {
    // Decodes to 3 MB of "a": not JSON, so PostBodyInvalid, which proves it got past decoding.
    assertError(await track(c, lz4Bomb(MB3), { compressType: 'lz4', rawSize: MB3 }), 400, 'PostBodyInvalid');
  });

  test('an LZ4 bomb (16 KB → 4 MB) is PostBodyUncompressError whatever size it claims', async () => {
    const bomb = lz4Bomb(4 * 1024 * 1024);
    assert.ok(bomb.length < 20_000);
    assertError(await track(c, bomb, { compressType: 'lz4', rawSize: 1000 }), 400, 'PostBodyUncompressError');
    assertError(await track(c, bomb, { compressType: 'lz4', rawSize: MB3 }), 400, 'PostBodyUncompressError');
    assertError(await track(c, bomb, { compressType: 'lz4', rawSize: MB3 + 1 }), 400, 'PostBodyTooLarge');
    await assertStillServing(c);
  });

  test('a deflate bomb (100 MB of zeros in ~100 KB) is PostBodyUncompressError, quickly', async () => {
    const bomb = deflateSync(Buffer.alloc(100 * 1024 * 1024));
    assert.ok(bomb.length < 200_000);
    const started = Date.now();
    assertError(await track(c, bomb, { compressType: 'deflate', rawSize: 1000 }), 400, 'PostBodyUncompressError');
    assertError(await track(c, bomb, { compressType: 'deflate', rawSize: MB3 }), 400, 'PostBodyUncompressError');
    assertError(await track(c, bomb, { compressType: 'deflate', rawSize: MB3 + 1 }), 400, 'PostBodyTooLarge');
    assert.ok(Date.now() - started < 2000);
    await assertStillServing(c);
  });

  test('an x-log-bodyrawsize smaller or larger than the real size is PostBodyUncompressError', async () => {
    const raw = fixture('lz4/utf8.json');
    const lz4 = fixture('lz4/utf8.lz4');
    const deflated = deflateSync(raw);
    for (const rawSize of [raw.length - 1, raw.length + 1, 0, 1]) {
      assertError(await track(c, lz4, { compressType: 'lz4', rawSize }), 400, 'PostBodyUncompressError');
      assertError(await track(c, deflated, { compressType: 'deflate', rawSize }), 400, 'PostBodyUncompressError');
    }
    await assertStillServing(c);
  });

  test('bodies that are not lz4 / zlib are PostBodyUncompressError', async () => {
    const json = Buffer.from(jsonBody([{ a: '1' }]));
    const lz4 = fixture('lz4/small.lz4');
    const rawSize = fixture('lz4/small.json').length;
    const cases: Array<['lz4' | 'deflate', Uint8Array, number]> = [
      ['lz4', json, json.length], // plain JSON announced as lz4
      ['lz4', lz4.subarray(0, lz4.length - 1), rawSize], // truncated
      ['lz4', lz4.subarray(0, 20), rawSize],
      ['lz4', new Uint8Array(0), 0], // no token at all
      ['lz4', Buffer.from([0x10, 0x61, 0x05, 0x00, 0x00]), 10], // offset 5 before the start
      ['lz4', Buffer.from([0x10, 0x61, 0x00, 0x00, 0x00]), 10], // offset 0
      ['deflate', json, json.length], // plain JSON announced as deflate
      ['deflate', deflateSync(json).subarray(0, 8), json.length], // truncated
      ['deflate', Buffer.from(deflateSync(json)).fill(0xff, 2, 6), json.length], // corrupted
    ];
    for (const [compressType, body, size] of cases) {
      assertError(await track(c, body, { compressType, rawSize: size }), 400, 'PostBodyUncompressError');
    }
    await assertStillServing(c);
  });
});

describe('protocol abuse', () => {
  test('a GET-form query over 16 KB is RequestURITooLong', async () => {
    const answer = await send(`${c.url}/logstores/web/track?APIVersion=0.6.0&a=${'x'.repeat(16 * 1024)}`);
    assertError(answer, 414, 'RequestURITooLong');
    const fits = `APIVersion=0.6.0&a=${'x'.repeat(16 * 1024 - 19 - 1)}`;
    assert.equal((await send(`${c.url}/logstores/web/track?${fits}`)).status, 200);
    await assertStillServing(c);
  });

  test('headers over 64 KB get a JSON 431 with the common headers', async () => {
    const answer = await rawRequest(c, { path: `/logstores/web/track?a=${'x'.repeat(70 * 1024)}` });
    assert.equal(answer.status, 431);
    assert.equal(JSON.parse(answer.body.toString()).errorCode, 'RequestHeaderFieldsTooLarge');
    assertCommonHeaders(answer.headers);
    await assertStillServing(c);
  });

  test('malformed HTTP gets a JSON 400 BadRequest with the common headers', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(c.port, '127.0.0.1', () => socket.write('BLAH / HTTP/9\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(text, /^HTTP\/1\.1 400 /);
    assert.match(text, /x-log-requestid: [0-9A-F]{24}\r\n/);
    assert.match(text, /access-control-allow-origin: \*\r\n/);
    assert.match(text, /"errorCode":"BadRequest"/);
    await assertStillServing(c);
  });

  test('a client that goes away mid-body is recorded and harms nothing', async () => {
    const before = (await readRequests(c)).at(-1)?.id ?? 0;
    await new Promise<void>((resolve) => {
      const socket = connect(c.port, '127.0.0.1', () => {
        socket.write(
          'POST /logstores/web/track?APIVersion=0.6.0 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"__logs__":[',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await assertStillServing(c);
    const records = await readRequests(c, before);
    assert.ok(records.some((r) => r.status === 0 && r.errorCode === 'ClientAborted'));
  });
});
