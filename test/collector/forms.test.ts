/**
 * The ways in: query mode, header mode, the GET and image forms, Host-based projects, the
 * logstore switch, CORS and preflights, routing errors, and the static viewer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertCommonHeaders,
  assertError,
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

let c: TestCollector;
before(async () => {
  c = await startTestCollector();
});
after(() => c.close());

describe('POST forms', () => {
  test('query mode takes a text/plain body with no custom headers', async () => {
    await reset(c);
    const answer = await send(`${c.url}/logstores/web/track?APIVersion=0.6.0`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: jsonBody([{ page: '/a' }], { __topic__: 'nav', __tags__: { sdk: 'x' } }),
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '');
    assertCommonHeaders(answer.headers);
    assert.equal(answer.headers.get('access-control-expose-headers'), 'x-log-requestid, retry-after');
    const [log] = await readLogs(c);
    assert.deepEqual(
      { ...log, __time__: undefined },
      { page: '/a', __topic__: 'nav', __source__: '127.0.0.1', '__tag__:sdk': 'x', __time__: undefined },
    );
    assert.match(log?.['__time__'] ?? '', /^\d{10}$/);
  });

  test('query mode takes any content type, or none (sendBeacon with a Blob, fetch keepalive)', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded', undefined]) {
      const answer = await send(`${c.url}/logstores/web/track?APIVersion=0.6.0`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: new Blob([jsonBody([{ a: '1' }])]),
      });
      assert.equal(answer.status, 200, `${type}: ${answer.text}`);
    }
  });

  test('a source in the body is kept; without one the client IP is used', async () => {
    await reset(c);
    await track(c, jsonBody([{ a: '1' }], { __source__: 'browser-1' }));
    await track(c, jsonBody([{ a: '2' }]));
    const logs = await readLogs(c);
    assert.equal(logs[0]?.['__source__'], 'browser-1');
    assert.equal(logs[1]?.['__source__'], '127.0.0.1');
  });

  test('logs of one request share its topic, source and tags', async () => {
    await reset(c);
    const body = jsonBody([{ a: '1' }, { b: '2' }], {
      __topic__: 't',
      __source__: 's',
      __tags__: { x: '1', y: '2' },
    });
    assert.equal((await track(c, body)).status, 200);
    for (const log of await readLogs(c)) {
      assert.equal(log['__topic__'], 't');
      assert.equal(log['__source__'], 's');
      assert.equal(log['__tag__:x'], '1');
      assert.equal(log['__tag__:y'], '2');
    }
  });
});

describe('GET forms', () => {
  test('GET /track stores one log from the query, with topic, source and tags', async () => {
    await reset(c);
    const query =
      'APIVersion=0.6.0&page=%2Fhome&msg=a+b%20c&city=%E6%9D%AD%E5%B7%9E&__topic__=pv&__source__=s1&__tag__:env=dev';
    const answer = await send(`${c.url}/logstores/web/track?${query}`);
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '');
    assertCommonHeaders(answer.headers);
    const [log] = await readLogs(c);
    assert.deepEqual(
      { ...log, __time__: undefined },
      {
        page: '/home',
        msg: 'a b c',
        city: '杭州',
        __topic__: 'pv',
        __source__: 's1',
        '__tag__:env': 'dev',
        __time__: undefined,
      },
    );
    const [record] = await readRequests(c);
    assert.equal(record?.mode, 'get');
    assert.equal(record?.logs, 1);
  });

  test('track.gif answers a 1×1 GIF and stores the log', async () => {
    await reset(c);
    const answer = await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0&k=v`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'image/gif');
    assert.equal(Buffer.from(answer.body.subarray(0, 6)).toString('latin1'), 'GIF89a');
    assertCommonHeaders(answer.headers);
    const [log] = await readLogs(c);
    assert.equal(log?.['k'], 'v');
    assert.equal(log?.['__tag__:__user_agent__'], undefined);
  });

  test('track_ua.gif also records the User-Agent and Referer as tags', async () => {
    await reset(c);
    const answer = await send(`${c.url}/logstores/web/track_ua.gif?APIVersion=0.6.0&k=v`, {
      headers: { 'user-agent': 'TestAgent/1.0', referer: 'http://localhost/page' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'image/gif');
    const [log] = await readLogs(c);
    assert.equal(log?.['k'], 'v');
    assert.equal(log?.['__tag__:__user_agent__'], 'TestAgent/1.0');
    assert.equal(log?.['__tag__:__referer__'], 'http://localhost/page');
  });

  test('GET without APIVersion is MissingAPIVersion; with another, InvalidAPIVersion', async () => {
    assertError(await send(`${c.url}/logstores/web/track?k=v`), 400, 'MissingAPIVersion');
    assertError(await send(`${c.url}/logstores/web/track.gif?k=v`), 400, 'MissingAPIVersion');
    assertError(await send(`${c.url}/logstores/web/track?APIVersion=0.5&k=v`), 400, 'InvalidAPIVersion');
  });

  test('GET keys follow the body rules', async () => {
    for (const key of ['__time__', '1a', 'a-b', '__tag__x', '__partition_time__']) {
      const answer = await send(`${c.url}/logstores/web/track?APIVersion=0.6.0&${encodeURIComponent(key)}=v`);
      assertError(answer, 400, 'InvalidKey');
    }
    assertError(await send(`${c.url}/logstores/web/track?APIVersion=0.6.0&__tag__:a-b=v`), 400, 'InvalidKey');
    assertError(
      await send(`${c.url}/logstores/web/track?APIVersion=0.6.0&__topic__=${'x'.repeat(129)}`),
      400,
      'PostBodyInvalid',
    );
  });

  test('GET values that are not UTF-8 once unescaped are InvalidEncoding', async () => {
    for (const bad of ['%ED%A0%80', '%C0%AF', '%E9', '%zz', '%4']) {
      const answer = await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0&k=${bad}`);
      assertError(answer, 400, 'InvalidEncoding');
    }
  });

  test('POST on the image forms is MethodNotAllowed; PUT on track too', async () => {
    const gif = await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0`, { method: 'POST', body: '{}' });
    assertError(gif, 405, 'MethodNotAllowed');
    const put = await send(`${c.url}/logstores/web/track`, { method: 'PUT', body: '{}' });
    assertError(put, 405, 'MethodNotAllowed');
    assert.match(put.headers.get('allow') ?? '', /POST/);
  });
});

describe('projects and logstores', () => {
  const postWithHost = (host: string, logstore = 'web') =>
    rawRequest(c, {
      method: 'POST',
      path: `/logstores/${logstore}/track?APIVersion=0.6.0`,
      headers: { host, 'content-type': 'text/plain' },
      body: jsonBody([{ via: host }]),
    });

  test('Host <project>.localhost selects the project; any other Host the default', async () => {
    await reset(c);
    assert.equal((await postWithHost(`other.localhost:${c.port}`)).status, 200);
    assert.equal((await postWithHost('other.localhost')).status, 200);
    assert.equal((await postWithHost(`127.0.0.1:${c.port}`)).status, 200);
    assert.equal((await postWithHost('example.com')).status, 200);
    const other = await readLogs(c, 'web', 'other');
    const demo = await readLogs(c, 'web', 'demo');
    assert.deepEqual(other.map((l) => l['via']), [`other.localhost:${c.port}`, 'other.localhost']);
    assert.deepEqual(demo.map((l) => l['via']), [`127.0.0.1:${c.port}`, 'example.com']);
    const records = await readRequests(c);
    assert.deepEqual(records.map((r) => r.project), ['other', 'other', 'demo', 'demo']);
  });

  test('which project, and why, is on the answer and in the record: a Host naming none is said to be the default (issue 22)', async () => {
    await reset(c);
    const byHost = await postWithHost(`other.localhost:${c.port}`);
    const byDefault = await postWithHost(`127.0.0.1:${c.port}`);
    assert.equal(byHost.headers['x-collector-project'], 'other; by=host');
    assert.equal(byDefault.headers['x-collector-project'], 'demo; by=default');
    const records = await readRequests(c);
    assert.deepEqual(records.map((r) => [r.project, r.projectBy]), [['other', 'host'], ['demo', 'default']]);
  });

  test('/_collector/logs also takes the project from the Host, unless ?project= says otherwise', async () => {
    await reset(c);
    await postWithHost(`other.localhost:${c.port}`);
    const read = async (host: string, query = '') => {
      const answer = await rawRequest(c, { path: `/_collector/logs?logstore=web${query}`, headers: { host } });
      return JSON.parse(answer.body.toString()) as { project: string; total: number };
    };
    const fromHost = await read(`other.localhost:${c.port}`);
    assert.equal(fromHost.project, 'other');
    assert.equal(fromHost.total, 1);
    assert.equal((await read(`127.0.0.1:${c.port}`)).project, 'demo');
    assert.equal((await read(`other.localhost:${c.port}`, '&project=demo')).total, 0);
  });

  test('an unknown project is ProjectNotExist', async () => {
    const answer = await postWithHost(`nope.localhost:${c.port}`);
    assert.equal(answer.status, 404);
    assert.equal(JSON.parse(answer.body.toString()).errorCode, 'ProjectNotExist');
    assertCommonHeaders(answer.headers);
  });

  test('an unknown logstore is LogStoreNotExist', async () => {
    assertError(await track(c, jsonBody([{ a: '1' }]), { logstore: 'nope' }), 404, 'LogStoreNotExist');
    assertError(await send(`${c.url}/logstores/nope/track.gif?APIVersion=0.6.0&a=1`), 404, 'LogStoreNotExist');
  });

  test('a logstore with Web Tracking off answers 401, in every form', async () => {
    assertError(await track(c, jsonBody([{ a: '1' }]), { logstore: 'closed' }), 401, 'Unauthorized');
    assertError(await track(c, jsonBody([{ a: '1' }]), { logstore: 'closed', mode: 'query' }), 401, 'Unauthorized');
    assertError(await send(`${c.url}/logstores/closed/track.gif?APIVersion=0.6.0&a=1`), 401, 'Unauthorized');
    const closedLogs = await send(`${c.url}/_collector/logs?logstore=closed`);
    assert.equal(JSON.parse(closedLogs.text).total, 0);
  });

  test('a custom config replaces the default set', async () => {
    const custom = await startTestCollector({
      config: {
        defaultProject: 'shop',
        projects: { shop: { logstores: { clicks: true, off: { webTracking: false } } } },
      },
    });
    try {
      assert.equal((await track(custom, jsonBody([{ a: '1' }]), { logstore: 'clicks' })).status, 200);
      assertError(await track(custom, jsonBody([{ a: '1' }]), { logstore: 'off' }), 401, 'Unauthorized');
      assertError(await track(custom, jsonBody([{ a: '1' }]), { logstore: 'web' }), 404, 'LogStoreNotExist');
      assert.equal((await readLogs(custom, 'clicks')).length, 1);
      const config = JSON.parse((await send(`${custom.url}/_collector/config`)).text);
      assert.deepEqual(config, {
        defaultProject: 'shop',
        anonymous: true,
        projects: { shop: { logstores: { clicks: { webTracking: true }, off: { webTracking: false } } } },
      });
    } finally {
      await custom.close();
    }
  });

  test('an unknown path is NotFound, with the common headers', async () => {
    assertError(await send(`${c.url}/nothing-here`), 404, 'NotFound');
    assertError(await send(`${c.url}/logstores/web/tracks`), 404, 'NotFound');
    assertError(await send(`${c.url}/logstores/web/track/extra`), 404, 'NotFound');
    assertError(await send(`${c.url}/_collector/nope`), 404, 'NotFound');
  });
});

describe('CORS', () => {
  test('a preflight allows the header-mode headers, for any origin, for a day', async () => {
    const answer = await send(`${c.url}/logstores/web/track`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-log-apiversion,x-log-bodyrawsize,x-log-compresstype,content-type',
      },
    });
    assert.equal(answer.status, 200);
    assertCommonHeaders(answer.headers);
    const allowed = (answer.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    for (const name of ['x-log-apiversion', 'x-log-bodyrawsize', 'x-log-compresstype', 'content-type']) {
      assert.ok(allowed.includes(name), name);
    }
    assert.equal(answer.headers.get('access-control-allow-methods'), 'POST, GET, OPTIONS');
    assert.equal(answer.headers.get('access-control-max-age'), '86400');
    assert.equal(answer.headers.get('access-control-allow-private-network'), null);
  });

  test('a preflight does not allow headers the service would not take', async () => {
    const answer = await send(`${c.url}/logstores/web/track`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-log-apiversion, authorization',
      },
    });
    assert.equal(answer.headers.get('access-control-allow-headers'), 'x-log-apiversion');
  });

  test('a Private Network Access preflight is allowed', async () => {
    const answer = await send(`${c.url}/logstores/web/track`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-private-network': 'true',
      },
    });
    assert.equal(answer.headers.get('access-control-allow-private-network'), 'true');
  });

  test('preflights are not ingest requests: not recorded, not faulted', async () => {
    await reset(c);
    await send(`${c.url}/_collector/faults`, { method: 'POST', body: '{"status":503}' });
    const answer = await send(`${c.url}/logstores/web/track`, { method: 'OPTIONS' });
    assert.equal(answer.status, 200);
    assert.deepEqual(await readRequests(c), []);
    await send(`${c.url}/_collector/faults`, { method: 'DELETE' });
  });

  test('request ids are unique', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const answer = await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0&i=${i}`);
      ids.add(answer.headers.get('x-log-requestid') ?? '');
    }
    assert.equal(ids.size, 50);
  });
});

describe('local-only paths', () => {
  test('/_collector refuses a non-loopback Host (DNS rebinding)', async () => {
    const answer = await rawRequest(c, { path: '/_collector/logs?logstore=web', headers: { host: 'evil.example' } });
    assert.equal(answer.status, 403);
    assert.equal(JSON.parse(answer.body.toString()).errorCode, 'Forbidden');
  });

  test('/_collector refuses changes from a non-loopback page, allows reads and local pages', async () => {
    const reset = (origin: string) =>
      send(`${c.url}/_collector/reset`, { method: 'POST', headers: { origin } });
    assertError(await reset('https://evil.example'), 403, 'Forbidden');
    assertError(await reset('null'), 403, 'Forbidden');
    assert.equal((await reset(`http://localhost:5173`)).status, 200);
    assert.equal((await reset(c.url)).status, 200);
    const read = await send(`${c.url}/_collector/health`, { headers: { origin: 'https://evil.example' } });
    assert.equal(read.status, 200);
  });

  test('/viewer/ serves files of the viewer directory with fixed types and nosniff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viewer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>v</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'data.bin'), 'x');
    const withViewer = await startTestCollector({ viewerDir: dir });
    try {
      const index = await send(`${withViewer.url}/viewer/`);
      assert.equal(index.status, 200);
      assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(index.text, '<!doctype html><title>v</title>');
      const js = await send(`${withViewer.url}/viewer/app.js`);
      assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
      const bare = await send(`${withViewer.url}/viewer`, { redirect: 'manual' });
      assert.equal(bare.status, 301);
      for (const path of ['/viewer/data.bin', '/viewer/missing.js', '/viewer/..%2f..%2fetc%2fpasswd', '/viewer/%2e%2e/x.js']) {
        assertError(await send(withViewer.url + path), 404, 'NotFound');
      }
    } finally {
      await withViewer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a viewer directory /viewer/ is NotFound', async () => {
    const none = await startTestCollector({ viewerDir: join(tmpdir(), 'no-such-viewer-dir') });
    try {
      assertError(await send(`${none.url}/viewer/`), 404, 'NotFound');
    } finally {
      await none.close();
    }
  });
});
