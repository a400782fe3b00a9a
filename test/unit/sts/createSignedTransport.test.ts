// The credentials and the signed transport of sls-webtrack/sts (issue 21), against a fake fetch
// and a fake provider: one provider call shared by concurrent requests, refreshed before the
// expiration and after a 401, a failing provider reported once and answered like a network error,
// the service's clock taken from its Date, query-mode bodies sent signed in header mode.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCredentialCache, REFRESH_BEFORE_MS } from '../../../src/sts/createCredentialCache.ts';
import { createSignedTransport } from '../../../src/sts/createSignedTransport.ts';
import type { EncodedRequest } from '../../../src/encode/encodeRequest.ts';
import type { StsCredentials } from '../../../src/types.ts';

const creds = (n: number, expiration?: string | number): StsCredentials => ({
  accessKeyId: `STS.${n}`,
  accessKeySecret: `secret-${n}`,
  securityToken: `token-${n}`,
  ...(expiration === undefined ? {} : { expiration }),
});

describe('createCredentialCache', () => {
  test('one provider call for concurrent requests; the same credentials while fresh', async () => {
    let calls = 0;
    const cache = createCredentialCache(async () => creds(++calls, 10 * 60_000), () => 0);
    const got = await Promise.all([cache._get(), cache._get(), cache._get()]);
    assert.equal(calls, 1);
    assert.ok(got.every((c) => c === got[0]));
    assert.equal(await cache._get(), got[0]);
    assert.equal(calls, 1);
  });

  test('asked again REFRESH_BEFORE_MS before the expiration (ISO or ms), or at half the life of short ones', async () => {
    let now = 0;
    let calls = 0;
    const cache = createCredentialCache(async () => creds(++calls, new Date(now + 10 * 60_000).toISOString()), () => now);
    await cache._get();
    now = 10 * 60_000 - REFRESH_BEFORE_MS - 1;
    await cache._get();
    assert.equal(calls, 1);
    now += 1;
    assert.equal((await cache._get()).accessKeyId, 'STS.2');
    const short = createCredentialCache(async () => creds(++calls, now + 30_000), () => now);
    await short._get();
    const before = calls;
    now += 14_999;
    await short._get();
    assert.equal(calls, before);
    now += 1;
    await short._get();
    assert.equal(calls, before + 1);
  });

  test('a refusal of the held credentials asks again; of older ones, not', async () => {
    let calls = 0;
    const cache = createCredentialCache(async () => creds(++calls), () => 0);
    const first = await cache._get();
    cache._refused(first);
    const second = await cache._get();
    assert.equal(second.accessKeyId, 'STS.2');
    cache._refused(first);
    assert.equal(await cache._get(), second);
  });

  test('a provider that throws, rejects or gives a wrong shape: the call rejects, the next asks again', async () => {
    const answers: Array<() => unknown> = [
      () => { throw new Error('sync'); },
      () => Promise.reject(new Error('async')),
      () => Promise.resolve(null),
      () => Promise.resolve({ accessKeyId: 'a', accessKeySecret: 'b' }),
      () => Promise.resolve({ ...creds(9), expiration: 'not a date' }),
      () => Promise.resolve(creds(5)),
    ];
    const cache = createCredentialCache(() => answers.shift()!() as Promise<StsCredentials>, () => 0);
    for (let i = 0; i < 5; i++) await assert.rejects(cache._get());
    assert.equal((await cache._get()).accessKeyId, 'STS.5');
  });
});

interface Call {
  url: string;
  init: RequestInit;
}
let calls: Call[] = [];
let answers: Array<{ status: number; code?: string; date?: string }> = [];
const g = globalThis as Record<string, unknown>;
g.fetch = async (url: string, init: RequestInit) => {
  calls.push({ url, init });
  const a = answers.shift() ?? { status: 200 };
  const headers = new Headers(a.date ? { date: a.date } : {});
  return new Response(a.status === 200 ? '' : JSON.stringify({ errorCode: a.code ?? '' }), { status: a.status, headers });
};

const headerReq = (): EncodedRequest => ({
  _query: '',
  _headers: { 'x-log-apiversion': '0.6.0', 'x-log-bodyrawsize': '2' },
  _body: new Uint8Array([123, 125]),
  _wire: 2,
});

function setup(provider: () => Promise<StsCredentials>) {
  const errors: string[] = [];
  const t = createSignedTransport('http://demo.127.0.0.1:1/logstores/web/track', 30_000, provider, {
    _error: (status, code) => errors.push(`${status} ${code}`),
    _debug: () => undefined,
  });
  return { t, errors };
}
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

describe('createSignedTransport', () => {
  beforeEach(() => {
    calls = [];
    answers = [];
  });

  test('a signed POST to /logstores/<logstore>, no /track, no query, nothing secret in the URL', async () => {
    const { t } = setup(async () => creds(1));
    const a = await t._send(headerReq(), false);
    assert.equal(a._status, 200);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.url, 'http://demo.127.0.0.1:1/logstores/web');
    assert.match(header(calls[0]!, 'authorization')!, /^LOG STS\.1:[A-Za-z0-9+/]{27}=$/);
    assert.equal(header(calls[0]!, 'x-acs-security-token'), 'token-1');
    assert.equal(calls[0]!.init.credentials, 'omit');
  });

  test('a query-mode (unload) body goes signed in header mode, x-log-bodyrawsize its UTF-8 bytes', async () => {
    const { t } = setup(async () => creds(1));
    const text = '{"__logs__":[{"m":"日本"}]}';
    await t._send({ _query: '?APIVersion=0.6.0', _headers: {}, _body: text, _wire: 0 }, true);
    assert.equal(calls[0]!.url, 'http://demo.127.0.0.1:1/logstores/web');
    assert.equal(header(calls[0]!, 'x-log-bodyrawsize'), String(Buffer.byteLength(text)));
    assert.equal(header(calls[0]!, 'x-log-apiversion'), '0.6.0');
    assert.equal(calls[0]!.init.keepalive, true);
    assert.equal(t._pending(), 0, 'the keepalive bytes are given back once answered');
  });

  test('a 401 (token expired early): fresh credentials and once more at once; a second 401 is the answer', async () => {
    let n = 0;
    const { t } = setup(async () => creds(++n));
    answers = [{ status: 401, code: 'Unauthorized' }];
    assert.equal((await t._send(headerReq(), false))._status, 200);
    assert.deepEqual(calls.map((c) => header(c, 'x-acs-security-token')), ['token-1', 'token-2']);
    answers = [{ status: 401, code: 'Unauthorized' }, { status: 401, code: 'Unauthorized' }];
    const a = await t._send(headerReq(), false);
    assert.equal(a._status, 401);
    assert.equal(a._code, 'Unauthorized');
    assert.equal(calls.length, 4);
  });

  test("the service's Date corrects the signing date; a RequestTimeExpired is signed again at once", async () => {
    const { t } = setup(async () => creds(1));
    const ahead = new Date(Date.now() + 3600_000).toUTCString();
    answers = [{ status: 400, code: 'RequestTimeExpired', date: ahead }];
    assert.equal((await t._send(headerReq(), false))._status, 200);
    assert.equal(calls.length, 2);
    const signedAt = Date.parse(header(calls[1]!, 'x-log-date')!);
    assert.ok(Math.abs(signedAt - Date.parse(ahead)) < 5000, `${header(calls[1]!, 'x-log-date')} vs ${ahead}`);
  });

  test('a failing provider: answered like a network error (retried with backoff), reported once until it works', async () => {
    let fail = true;
    const { t, errors } = setup(async () => {
      if (fail) throw new Error('backend down');
      return creds(7);
    });
    for (let i = 0; i < 3; i++) {
      const a = await t._send(headerReq(), false);
      assert.equal(a._status, 0);
      assert.equal(a._code, 'CredentialsUnavailable');
    }
    assert.equal(calls.length, 0, 'never an unsigned request');
    assert.deepEqual(errors, ['0 CredentialsUnavailable']);
    fail = false;
    assert.equal((await t._send(headerReq(), false))._status, 200);
  });

  test('no sendBeacon: a signed request needs headers', () => {
    const { t } = setup(async () => creds(1));
    assert.equal(t._beacon('?APIVersion=0.6.0', '{}', 2), false);
    assert.equal(calls.length, 0);
  });
});

describe('createSignedTransport without WebCrypto (not a secure context)', () => {
  test('reported like a failing provider, never sent unsigned', async () => {
    calls = [];
    // An own property over the prototype's getter, deleted after.
    Object.defineProperty(globalThis.crypto, 'subtle', { configurable: true, value: undefined });
    try {
      const { t, errors } = setup(async () => creds(1));
      assert.equal((await t._send(headerReq(), false))._code, 'CredentialsUnavailable');
      assert.equal(calls.length, 0);
      assert.deepEqual(errors, ['0 CredentialsUnavailable']);
    } finally {
      delete (globalThis.crypto as { subtle?: unknown }).subtle;
      assert.ok(globalThis.crypto.subtle);
    }
  });
});
