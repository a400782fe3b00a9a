/**
 * The collector refuses what PutWebTracking refuses, with the service's status and errorCode,
 * and every error answer carries x-log-requestid and CORS.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertError,
  assertStillServing,
  jsonBody,
  readLogs,
  reset,
  send,
  startTestCollector,
  track,
  type TestCollector,
} from '../fixtures/collectorTestKit.ts';

let c: TestCollector;
before(async () => {
  c = await startTestCollector();
});
after(() => c.close());

describe('request-level checks', () => {
  test('a POST with neither x-log-apiversion nor ?APIVersion is MissingAPIVersion', async () => {
    const answer = await send(`${c.url}/logstores/web/track`, {
      method: 'POST',
      body: jsonBody([{ a: '1' }]),
    });
    assertError(answer, 400, 'MissingAPIVersion');
  });

  test('an API version other than 0.6.0 is InvalidAPIVersion, in either mode', async () => {
    const header = await track(c, jsonBody([{ a: '1' }]), { headers: { 'x-log-apiversion': '0.5.0' } });
    assertError(header, 400, 'InvalidAPIVersion');
    const query = await send(`${c.url}/logstores/web/track?APIVersion=1.0`, {
      method: 'POST',
      body: jsonBody([{ a: '1' }]),
    });
    assertError(query, 400, 'InvalidAPIVersion');
  });

  test('header mode without x-log-bodyrawsize is MissingBodyRawSize', async () => {
    const answer = await send(`${c.url}/logstores/web/track`, {
      method: 'POST',
      headers: { 'x-log-apiversion': '0.6.0' },
      body: jsonBody([{ a: '1' }]),
    });
    assertError(answer, 400, 'MissingBodyRawSize');
  });

  test('a non-numeric x-log-bodyrawsize is InvalidBodyRawSize', async () => {
    for (const size of ['abc', '-1', '1.5', '']) {
      const answer = await track(c, jsonBody([{ a: '1' }]), { headers: { 'x-log-bodyrawsize': size } });
      assertError(answer, 400, 'InvalidBodyRawSize');
    }
  });

  test('an unknown x-log-compresstype is InvalidCompressType', async () => {
    const answer = await track(c, jsonBody([{ a: '1' }]), { headers: { 'x-log-compresstype': 'gzip' } });
    assertError(answer, 400, 'InvalidCompressType');
  });

  test('an uncompressed body whose length is not x-log-bodyrawsize is PostBodyUncompressError', async () => {
    // The classic client bug: announcing the string length of a body with multi-byte characters.
    const body = jsonBody([{ city: '杭州' }]);
    const answer = await track(c, body, { rawSize: body.length });
    assertError(answer, 400, 'PostBodyUncompressError');
  });
});

describe('body checks', () => {
  const cases: Array<[string, string, string]> = [
    ['not JSON', '{"__logs__":[', 'PostBodyInvalid'],
    ['empty body', '', 'PostBodyInvalid'],
    ['a JSON array', '[]', 'PostBodyInvalid'],
    ['JSON null', 'null', 'PostBodyInvalid'],
    ['a JSON string', '"x"', 'PostBodyInvalid'],
    ['__logs__ missing', '{"__topic__":"t"}', 'PostBodyInvalid'],
    ['__logs__ an object', '{"__logs__":{"a":"1"}}', 'PostBodyInvalid'],
    ['a log that is an array', '{"__logs__":[["a","1"]]}', 'PostBodyInvalid'],
    ['a log that is a string', '{"__logs__":["a=1"]}', 'PostBodyInvalid'],
    ['a log that is null', '{"__logs__":[null]}', 'PostBodyInvalid'],
    ['a number value', '{"__logs__":[{"a":1}]}', 'PostBodyInvalid'],
    ['a boolean value', '{"__logs__":[{"a":true}]}', 'PostBodyInvalid'],
    ['a null value', '{"__logs__":[{"a":null}]}', 'PostBodyInvalid'],
    ['a nested object value', '{"__logs__":[{"a":{"b":"c"}}]}', 'PostBodyInvalid'],
    ['an array value', '{"__logs__":[{"a":["b"]}]}', 'PostBodyInvalid'],
    ['a number topic', '{"__topic__":1,"__logs__":[{"a":"1"}]}', 'PostBodyInvalid'],
    ['a null source', '{"__source__":null,"__logs__":[{"a":"1"}]}', 'PostBodyInvalid'],
    ['__tags__ an array', '{"__tags__":["a"],"__logs__":[{"a":"1"}]}', 'PostBodyInvalid'],
    ['__tags__ a string', '{"__tags__":"a","__logs__":[{"a":"1"}]}', 'PostBodyInvalid'],
    ['a number tag value', '{"__tags__":{"t":2},"__logs__":[{"a":"1"}]}', 'PostBodyInvalid'],
    ['a bad tag key', '{"__tags__":{"a-b":"x"},"__logs__":[{"a":"1"}]}', 'InvalidKey'],
    ['a tag key starting with a digit', '{"__tags__":{"1a":"x"},"__logs__":[{"a":"1"}]}', 'InvalidKey'],
  ];
  for (const [name, body, code] of cases) {
    test(`${name} is ${code}`, async () => {
      assertError(await track(c, body), 400, code);
      assertError(await track(c, body, { mode: 'query' }), 400, code);
    });
  }

  test('deep nesting is PostBodyInvalid, not a crash', async () => {
    const depth = 200_000;
    const arrays = `{"__logs__":[${'['.repeat(depth)}${']'.repeat(depth)}]}`;
    assertError(await track(c, arrays, { mode: 'query' }), 400, 'PostBodyInvalid');
    const objects = `{"__logs__":[${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}]}`;
    assertError(await track(c, objects, { mode: 'query' }), 400, 'PostBodyInvalid');
    const unclosed = `{"__logs__":[${'['.repeat(depth)}`;
    assertError(await track(c, unclosed, { mode: 'query' }), 400, 'PostBodyInvalid');
    await assertStillServing(c);
  });

  test('topic and source over 128 bytes are PostBodyInvalid; 128 bytes are fine', async () => {
    for (const field of ['__topic__', '__source__']) {
      assertError(await track(c, jsonBody([{ a: '1' }], { [field]: 'x'.repeat(129) })), 400, 'PostBodyInvalid');
      // 43 × 3-byte characters = 129 bytes in only 43 UTF-16 units: counted in bytes.
      assertError(await track(c, jsonBody([{ a: '1' }], { [field]: '中'.repeat(43) })), 400, 'PostBodyInvalid');
      assert.equal((await track(c, jsonBody([{ a: '1' }], { [field]: 'x'.repeat(128) }))).status, 200);
    }
  });

  test('a value over 1 MiB is PostBodyInvalid; exactly 1 MiB is fine', async () => {
    const mib = 1024 * 1024;
    assertError(await track(c, jsonBody([{ a: 'x'.repeat(mib + 1) }])), 400, 'PostBodyInvalid');
    assertError(await track(c, jsonBody([{ a: 'é'.repeat(mib / 2 + 1) }])), 400, 'PostBodyInvalid');
    assertError(
      await track(c, jsonBody([{ a: '1' }], { __tags__: { t: 'x'.repeat(mib + 1) } })),
      400,
      'PostBodyInvalid',
    );
    assert.equal((await track(c, jsonBody([{ a: 'x'.repeat(mib) }]))).status, 200);
  });

  test('an empty __logs__ is accepted and stores nothing', async () => {
    await reset(c);
    const answer = await track(c, jsonBody([]));
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '');
    assert.deepEqual(await readLogs(c), []);
  });

  test('unknown top-level fields are ignored', async () => {
    assert.equal((await track(c, jsonBody([{ a: '1' }], { extra: 1, more: [1] }))).status, 200);
  });
});

describe('keys', () => {
  const bad: Array<[string, string]> = [
    ['__time__', 'reserved'],
    ['__source__', 'reserved'],
    ['__topic__', 'reserved'],
    ['__partition_time__', 'reserved'],
    ['_extract_others_', 'reserved'],
    ['__extract_others__', 'reserved'],
    ['__tag__:x', 'tag form'],
    ['__tag__abc', 'tag prefix'],
    ['1abc', 'starts with a digit'],
    ['9', 'a digit'],
    ['', 'empty'],
    ['a-b', 'hyphen'],
    ['a.b', 'dot'],
    ['a b', 'space'],
    ['ключ', 'not ASCII'],
    ['k'.repeat(129), '129 bytes'],
  ];
  for (const [key, why] of bad) {
    test(`${JSON.stringify(key.slice(0, 20))} (${why}) is InvalidKey`, async () => {
      assertError(await track(c, jsonBody([{ ok: 'v', [key]: 'v' }])), 400, 'InvalidKey');
    });
  }

  test('good keys are accepted and stored as sent', async () => {
    await reset(c);
    const log = { _a: '1', A9_z: '2', ['k'.repeat(128)]: '3', __custom__: '4', __proto__x: '5' };
    assert.equal((await track(c, jsonBody([log]))).status, 200);
    const [stored] = await readLogs(c);
    assert.ok(stored);
    for (const [key, value] of Object.entries(log)) assert.equal(stored[key], value);
  });

  test('a key named __proto__ is stored as a field, not a prototype', async () => {
    await reset(c);
    assert.equal((await track(c, '{"__logs__":[{"__proto__":"p","a":"1"}]}')).status, 200);
    const [stored] = await readLogs(c);
    assert.ok(stored);
    assert.ok(Object.hasOwn(stored, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value, 'p');
  });

  test('one bad log rejects the whole request and stores nothing', async () => {
    await reset(c);
    assertError(await track(c, jsonBody([{ a: '1' }, { __time__: '1' }])), 400, 'InvalidKey');
    assert.deepEqual(await readLogs(c), []);
  });
});

describe('encoding', () => {
  const framed = (bytes: number[]) =>
    Buffer.concat([Buffer.from('{"__logs__":[{"a":"x'), Buffer.from(bytes), Buffer.from('y"}]}')]);
  const cases: Array<[string, number[]]> = [
    ['a lone high surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
    ['a lone low surrogate (ED B0 80)', [0xed, 0xb0, 0x80]],
    ['a CESU-8 surrogate pair', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]],
    ['an overlong slash (C0 AF)', [0xc0, 0xaf]],
    ['an overlong 3-byte form (E0 80 AF)', [0xe0, 0x80, 0xaf]],
    ['a Latin-1 byte (E9)', [0xe9]],
    ['a truncated sequence (E4 B8)', [0xe4, 0xb8]],
    ['a code point above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
    ['a stray continuation byte (80)', [0x80]],
  ];
  for (const [name, bytes] of cases) {
    test(`${name} is InvalidEncoding`, async () => {
      assertError(await track(c, framed(bytes)), 400, 'InvalidEncoding');
      assertError(await track(c, framed(bytes), { mode: 'query' }), 400, 'InvalidEncoding');
    });
  }

  test('the same text, well-formed, is stored intact', async () => {
    await reset(c);
    const value = 'x😀é中\u{10FFFF}y';
    assert.equal((await track(c, framed([...Buffer.from(value.slice(1, -1))]))).status, 200);
    const [stored] = await readLogs(c);
    assert.equal(stored?.['a'], value);
  });

  test('a lone surrogate escaped in JSON (\\ud800) is InvalidEncoding too (stricter guess)', async () => {
    // The bytes are ASCII, but the parsed string has no UTF-8 form; an escaped *pair* is fine.
    assertError(await track(c, '{"__logs__":[{"a":"x\\ud800"}]}'), 400, 'InvalidEncoding');
    assertError(await track(c, '{"__logs__":[{"a":"\\udc00x"}]}'), 400, 'InvalidEncoding');
    assertError(await track(c, '{"__topic__":"\\ud800","__logs__":[]}'), 400, 'InvalidEncoding');
    assertError(await track(c, '{"__tags__":{"t":"\\ud800"},"__logs__":[]}'), 400, 'InvalidEncoding');
    assert.equal((await track(c, '{"__logs__":[{"a":"\\ud83d\\ude00"}]}')).status, 200);
  });

  test('the collector still serves after all of these', async () => {
    await assertStillServing(c);
  });
});
