/**
 * The collector's own API: the request log, faults, reset, persistence across restarts, and the
 * live event stream.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import {
  assertError,
  fixture,
  jsonBody,
  readLogs,
  readRequests,
  reset,
  send,
  startTestCollector,
  track,
  type TestCollector,
} from '../fixtures/collectorTestKit.ts';
import { createBodyLog } from '../../demo/collector/createBodyLog.ts';

let c: TestCollector;
before(async () => {
  c = await startTestCollector();
});
after(() => c.close());

const addFault = async (fault: unknown) => {
  const answer = await send(`${c.url}/_collector/faults`, { method: 'POST', body: JSON.stringify(fault) });
  assert.equal(answer.status, 200, answer.text);
  return JSON.parse(answer.text) as { faults: unknown[] };
};

describe('request log', () => {
  test('records every ingest request with its mode, sizes, logs, status and code', async () => {
    await reset(c);
    const raw = fixture('lz4/small.json');
    const lz4 = fixture('lz4/small.lz4');
    const deflated = deflateSync(raw);
    await track(c, lz4, { compressType: 'lz4', rawSize: raw.length });
    await track(c, deflated, { compressType: 'deflate', rawSize: raw.length });
    await track(c, raw);
    await track(c, raw, { mode: 'query' });
    await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0&a=1`);
    await track(c, '{"__logs__":[{"__time__":"1"}]}');
    await track(c, raw, { logstore: 'nope' });

    const records = await readRequests(c);
    const pick = (r: (typeof records)[number]) => [
      r.mode, r.compressType, r.rawBytes, r.wireBytes, r.logs, r.status, r.errorCode,
    ];
    assert.deepEqual(records.map(pick), [
      ['header', 'lz4', raw.length, lz4.length, 2, 200, null],
      ['header', 'deflate', raw.length, deflated.length, 2, 200, null],
      ['header', 'none', raw.length, raw.length, 2, 200, null],
      ['query', 'none', raw.length, raw.length, 2, 200, null],
      ['get', 'none', null, 0, 1, 200, null],
      ['header', 'none', 31, 31, null, 400, 'InvalidKey'],
      ['header', 'none', null, 0, null, 404, 'LogStoreNotExist'],
    ]);
    const first = records[0]!;
    assert.equal(first.project, 'demo');
    assert.equal(first.logstore, 'web');
    assert.equal(first.topic, 'topic');
    assert.equal(first.contentType, 'text/plain');
    assert.equal(first.injected, false);
    assert.ok(records.every((r, i) => i === 0 || r.id > records[i - 1]!.id));
  });

  test('?since=<id> returns only later records; ids survive a reset', async () => {
    const all = await readRequests(c);
    const lastId = all.at(-1)!.id;
    await track(c, jsonBody([{ a: '1' }]));
    const later = await readRequests(c, lastId);
    assert.equal(later.length, 1);
    assert.equal(later[0]!.id, lastId + 1);
    await reset(c);
    await track(c, jsonBody([{ a: '1' }]));
    const [afterReset] = await readRequests(c);
    assert.ok(afterReset && afterReset.id > lastId + 1);
  });

  test('logs?since=<n> pages through a logstore and reports the total', async () => {
    await reset(c);
    await track(c, jsonBody([{ i: '0' }, { i: '1' }, { i: '2' }]));
    const page = JSON.parse((await send(`${c.url}/_collector/logs?logstore=web&since=2`)).text);
    assert.equal(page.total, 3);
    assert.equal(page.since, 2);
    assert.deepEqual(page.logs.map((l: Record<string, string>) => l['i']), ['2']);
    assertError(await send(`${c.url}/_collector/logs?logstore=web&since=-1`), 400, 'ParameterInvalid');
    assertError(await send(`${c.url}/_collector/logs`), 400, 'ParameterInvalid');
    assertError(await send(`${c.url}/_collector/logs?logstore=nope`), 404, 'LogStoreNotExist');
    assertError(await send(`${c.url}/_collector/logs?logstore=web&project=nope`), 404, 'ProjectNotExist');
  });

  test('health answers ok', async () => {
    const answer = await send(`${c.url}/_collector/health`);
    assert.deepEqual(JSON.parse(answer.text), { ok: true });
    assert.match(answer.headers.get('x-log-requestid') ?? '', /^[0-9A-F]{24}$/);
  });
});

describe('faults', () => {
  test('503 three times, then the request goes through', async () => {
    await reset(c);
    await addFault({ status: 503, times: 3 });
    for (let i = 0; i < 3; i++) {
      assertError(await track(c, jsonBody([{ try: String(i) }])), 503, 'ServerBusy');
    }
    assert.equal((await track(c, jsonBody([{ try: '3' }]))).status, 200);
    assert.deepEqual((await readLogs(c)).map((l) => l['try']), ['3']);
    const records = await readRequests(c);
    assert.deepEqual(records.map((r) => [r.status, r.errorCode, r.injected, r.logs]), [
      [503, 'ServerBusy', true, 1],
      [503, 'ServerBusy', true, 1],
      [503, 'ServerBusy', true, 1],
      [200, null, false, 1],
    ]);
  });

  test('429 with Retry-After, 403 and 500 answer the service codes', async () => {
    await reset(c);
    await addFault([{ status: 429, retryAfter: 2 }, { status: 403 }, { status: 500, errorCode: 'Custom' }]);
    const throttled = await track(c, jsonBody([{ a: '1' }]));
    assertError(throttled, 429, 'WriteQuotaExceed');
    assert.equal(throttled.headers.get('retry-after'), '2');
    assertError(await track(c, jsonBody([{ a: '1' }])), 403, 'ProjectQuotaExceed');
    assertError(await track(c, jsonBody([{ a: '1' }])), 500, 'Custom');
    assert.equal((await track(c, jsonBody([{ a: '1' }]))).status, 200);
  });

  test('a fault applies in queue order and only to its logstore', async () => {
    await reset(c);
    await addFault({ status: 503, logstore: 'events' });
    await addFault({ status: 500 });
    assertError(await track(c, jsonBody([{ a: '1' }]), { logstore: 'web' }), 500, 'InternalServerError');
    assert.equal((await track(c, jsonBody([{ a: '1' }]), { logstore: 'web' })).status, 200);
    assertError(await track(c, jsonBody([{ a: '1' }]), { logstore: 'events' }), 503, 'ServerBusy');
  });

  test('logContains applies a fault only to requests holding that text in a value', async () => {
    await reset(c);
    await addFault({ status: 400, errorCode: 'InvalidKey', logContains: 'POISON', times: -1 });
    assertError(await track(c, jsonBody([{ a: 'ok' }, { b: 'xxPOISONxx' }])), 400, 'InvalidKey');
    assert.equal((await track(c, jsonBody([{ a: 'ok' }]))).status, 200);
    assertError(await track(c, jsonBody([{ b: 'POISON' }])), 400, 'InvalidKey');
    assert.deepEqual((await readLogs(c)).map((l) => l['a']), ['ok']);
    await addFault({ clear: true });
  });

  test('faults replace content errors but not request-level ones', async () => {
    await reset(c);
    await addFault({ status: 503, times: -1 });
    assertError(await track(c, '{"__logs__":[{"__time__":"1"}]}'), 503, 'ServerBusy');
    assertError(await track(c, jsonBody([{ a: '1' }]), { headers: { 'x-log-compresstype': 'zip' } }), 400, 'InvalidCompressType');
    assertError(await track(c, jsonBody([{ a: '1' }]), { logstore: 'closed' }), 401, 'Unauthorized');
    await send(`${c.url}/_collector/faults`, { method: 'POST', body: '{"clear":true}' });
  });

  test('forever lasts until cleared (DELETE or {"clear":true})', async () => {
    await reset(c);
    const listed = await addFault({ status: 503, forever: true });
    assert.deepEqual(listed.faults, [{ status: 503, times: -1 }]);
    for (let i = 0; i < 5; i++) assertError(await track(c, jsonBody([{ a: '1' }])), 503, 'ServerBusy');
    const cleared = await send(`${c.url}/_collector/faults`, { method: 'DELETE' });
    assert.deepEqual(JSON.parse(cleared.text), { faults: [] });
    assert.equal((await track(c, jsonBody([{ a: '1' }]))).status, 200);
    await addFault({ status: 503, times: -1 });
    await addFault({ clear: true });
    assert.equal((await track(c, jsonBody([{ a: '1' }]))).status, 200);
    assert.deepEqual(JSON.parse((await send(`${c.url}/_collector/faults`)).text), { faults: [] });
  });

  test('a delay holds the answer, then the request is processed', async () => {
    await reset(c);
    await addFault({ delayMs: 300 });
    const started = Date.now();
    assert.equal((await track(c, jsonBody([{ a: 'slow' }]))).status, 200);
    assert.ok(Date.now() - started >= 280);
    assert.equal((await readLogs(c)).length, 1);
    const [record] = await readRequests(c);
    assert.ok(record?.injected);
  });

  test('a client that times out during a delay still gets its logs stored (duplicates on retry)', async () => {
    await reset(c);
    await addFault({ delayMs: 300 });
    await assert.rejects(
      fetch(`${c.url}/logstores/web/track?APIVersion=0.6.0`, {
        method: 'POST',
        body: jsonBody([{ a: 'gave up' }]),
        signal: AbortSignal.timeout(100),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const logs = await readLogs(c);
    assert.deepEqual(logs.map((l) => l['a']), ['gave up']);
    const [record] = await readRequests(c);
    assert.equal(record?.status, 0);
    assert.equal(record?.errorCode, 'ClientAborted');
  });

  test('drop destroys the connection without an answer', async () => {
    await reset(c);
    await addFault({ drop: true, times: 2 });
    await assert.rejects(track(c, jsonBody([{ a: '1' }])), TypeError);
    await assert.rejects(track(c, jsonBody([{ a: '2' }])), TypeError);
    assert.equal((await track(c, jsonBody([{ a: '3' }]))).status, 200);
    assert.deepEqual((await readLogs(c)).map((l) => l['a']), ['3']);
    const records = await readRequests(c);
    assert.deepEqual(records.map((r) => [r.status, r.errorCode]), [
      [0, 'Dropped'],
      [0, 'Dropped'],
      [200, null],
    ]);
  });

  test('bad fault entries are ParameterInvalid and add nothing', async () => {
    await reset(c);
    for (const body of ['nope', '{}', '{"status":200}', '{"status":503,"drop":true}', '{"delayMs":-1}',
      '{"status":503,"times":0}', '{"status":503,"bogus":1}', '[{"status":503},{"status":"x"}]']) {
      const answer = await send(`${c.url}/_collector/faults`, { method: 'POST', body });
      assertError(answer, 400, 'ParameterInvalid');
    }
    assert.deepEqual(JSON.parse((await send(`${c.url}/_collector/faults`)).text), { faults: [] });
  });
});

describe('wire bodies', () => {
  interface Kept { id: number; mode: string; compressType: string; rawSize: number | null; status: number; errorCode: string | null; base64: string }
  const readBodies = async (since = 0): Promise<Kept[]> => {
    const answer = await send(`${c.url}/_collector/bodies?since=${since}`);
    assert.equal(answer.status, 200, answer.text);
    return (JSON.parse(answer.text) as { bodies: Kept[] }).bodies;
  };

  test('every POST body as it arrived, accepted or not, under its request id; GET forms have none', async () => {
    await reset(c);
    const raw = fixture('lz4/small.json');
    const lz4 = fixture('lz4/small.lz4');
    await track(c, lz4, { compressType: 'lz4', rawSize: raw.length });
    await track(c, lz4.subarray(0, 10), { compressType: 'lz4', rawSize: raw.length });
    await track(c, raw, { mode: 'query' });
    await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0&a=1`);
    const records = await readRequests(c);
    const bodies = await readBodies();
    assert.deepEqual(
      bodies.map((b) => [b.id, b.mode, b.compressType, b.rawSize, b.status, b.errorCode]),
      [
        [records[0]!.id, 'header', 'lz4', raw.length, 200, null],
        [records[1]!.id, 'header', 'lz4', raw.length, 400, 'PostBodyUncompressError'],
        [records[2]!.id, 'query', 'none', null, 200, null],
      ],
    );
    assert.ok(Buffer.from(bodies[0]!.base64, 'base64').equals(lz4));
    assert.ok(Buffer.from(bodies[1]!.base64, 'base64').equals(lz4.subarray(0, 10)));
    assert.ok(Buffer.from(bodies[2]!.base64, 'base64').equals(raw));
    assert.deepEqual((await readBodies(records[1]!.id)).map((b) => b.id), [records[2]!.id]);
    assertError(await send(`${c.url}/_collector/bodies?since=x`), 400, 'ParameterInvalid');
    await reset(c);
    assert.deepEqual(await readBodies(), []);
  });

  test('bounded: the oldest go first, by count and by bytes', () => {
    const log = createBodyLog(3, 100);
    const add = (id: number, size: number) =>
      log.add({ id, mode: 'header', compressType: 'lz4', rawSize: null, status: 200, errorCode: null, bytes: new Uint8Array(size) });
    for (let id = 1; id <= 5; id++) add(id, 10);
    assert.deepEqual(log.since(0).map((b) => b.id), [3, 4, 5]);
    add(6, 90);
    assert.deepEqual(log.since(0).map((b) => b.id), [5, 6]); // 10 + 90 bytes
    // One body over the byte bound is still kept: the latest is always there.
    add(7, 500);
    assert.deepEqual(log.since(0).map((b) => b.id), [7]);
  });
});

describe('reset', () => {
  test('clears logs, requests and faults', async () => {
    await track(c, jsonBody([{ a: '1' }]));
    await addFault({ status: 503, times: 5 });
    await reset(c);
    assert.deepEqual(await readLogs(c), []);
    assert.deepEqual(await readRequests(c), []);
    assert.equal((await track(c, jsonBody([{ a: '1' }]))).status, 200);
  });
});

describe('persistence', () => {
  test('logs survive a restart on the same --data directory; reset empties the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collector-data-'));
    try {
      const first = await startTestCollector({ dataDir: dir });
      await track(first, jsonBody([{ n: '1' }, { n: '2' }], { __topic__: 't', __tags__: { k: 'v' } }));
      await track(first, jsonBody([{ n: 'e' }]), { logstore: 'events' });
      const before = await readLogs(first);
      await first.close();

      const file = join(dir, 'demo', 'web.jsonl');
      assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2);

      const second = await startTestCollector({ dataDir: dir });
      assert.deepEqual(await readLogs(second), before);
      assert.equal((await readLogs(second, 'events')).length, 1);
      await track(second, jsonBody([{ n: '3' }]));
      assert.equal((await readLogs(second)).length, 3);
      await reset(second);
      assert.equal(readFileSync(file, 'utf8'), '');
      await track(second, jsonBody([{ n: '4' }]));
      await second.close();

      // A torn last line (crash mid-write) is skipped with a warning; the rest loads.
      appendFileSync(file, '{"n":"tor');
      const third = await startTestCollector({ dataDir: dir });
      assert.deepEqual((await readLogs(third)).map((l) => l['n']), ['4']);
      assert.equal(third.warnings.length, 1);
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('events', () => {
  test('streams each request record and each accepted log', async () => {
    await reset(c);
    const controller = new AbortController();
    const res = await fetch(`${c.url}/_collector/events`, { signal: controller.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    await reader.read(); // the opening comment: subscribed
    await track(c, jsonBody([{ a: '1' }, { a: '2' }], { __topic__: 'live' }));
    while ((text.match(/\n\n/g) ?? []).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const frames = text.trim().split('\n\n').map((frame) => {
      const [event, data] = frame.split('\n');
      return { event: event?.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) };
    });
    assert.deepEqual(frames.map((f) => f.event), ['log', 'log', 'request']);
    assert.equal(frames[0]!.data.project, 'demo');
    assert.equal(frames[0]!.data.logstore, 'web');
    assert.equal(frames[1]!.data.index, 1);
    assert.equal(frames[1]!.data.log.a, '2');
    assert.equal(frames[1]!.data.log.__topic__, 'live');
    assert.equal(frames[2]!.data.status, 200);
    assert.equal(frames[2]!.data.logs, 2);
  });
});
