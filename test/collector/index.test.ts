/**
 * The collector's `/`: the URL that `npm start` prints names the endpoints and the viewer
 * instead of answering 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertCommonHeaders, assertError, rawRequest, send, startTestCollector, type TestCollector } from '../fixtures/collectorTestKit.ts';

let c: TestCollector;
before(async () => {
  c = await startTestCollector();
});
after(() => c.close());

describe('index at /', () => {
  test('a browser gets a short page naming the viewer, the endpoints and the logstores', async () => {
    const answer = await send(`${c.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html; charset=utf-8$/);
    assertCommonHeaders(answer.headers);
    for (const text of ['href="/viewer/"', 'POST /logstores/{logstore}/track', 'GET /_collector/logs', '/_collector/faults', '<code>demo</code> (default)', '<code>closed</code> (Web Tracking off: 401)']) {
      assert.ok(answer.text.includes(text), `missing ${text}`);
    }
  });

  test('a client that asks for JSON gets the same as JSON', async () => {
    const answer = await send(`${c.url}/`, { headers: { accept: 'application/json' } });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    const body = JSON.parse(answer.text) as { viewer: string; defaultProject: string; projects: Record<string, unknown>; endpoints: Array<{ path: string }> };
    assert.equal(body.viewer, '/viewer/');
    assert.equal(body.defaultProject, 'demo');
    assert.deepEqual(body.projects.demo, { web: { webTracking: true }, events: { webTracking: true }, closed: { webTracking: false } });
    assert.ok(body.endpoints.some((e) => e.path === 'GET /_collector/health'));
  });

  test('without a viewer directory the page does not link to one', async () => {
    const bare = await startTestCollector({ viewerDir: '/nonexistent-viewer-dir' });
    try {
      const answer = await send(`${bare.url}/`, { headers: { accept: 'application/json' } });
      assert.equal((JSON.parse(answer.text) as { viewer: unknown }).viewer, null);
      assert.ok(!(await send(`${bare.url}/`)).text.includes('/viewer/'));
    } finally {
      await bare.close();
    }
  });

  test('HEAD answers without a body; other methods 405; other paths still 404', async () => {
    const head = await rawRequest(c, { method: 'HEAD', path: '/' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const post = await send(`${c.url}/`, { method: 'POST', body: 'x' });
    assertError(post, 405, 'MethodNotAllowed');
    assertError(await send(`${c.url}/nothing-here`), 404, 'NotFound');
  });

  test('a non-loopback Host is refused, as for the viewer', async () => {
    const answer = await rawRequest(c, { path: '/', headers: { host: 'attacker.example' } });
    assert.equal(answer.status, 403);
  });
});
