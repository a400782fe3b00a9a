/**
 * The signed form (`POST /logstores/{logstore}` with an SLS V1 signature and an STS token), the
 * --signed mode that refuses anonymous writes, the STS stand-in under /_collector/sts/, and a
 * request signed by the official @aliyun-sls/web-sts-plugin 0.3.9.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import lz4js from 'lz4js';
import { stringToSign } from '../../demo/collector/verifySignature.ts';
import { testKeyPair } from '../../demo/collector/testKeyPair.ts';
import {
  assertCommonHeaders,
  assertError,
  issueToken,
  jsonBody,
  readLogs,
  readRequests,
  reset,
  send,
  signedPost,
  signHeaders,
  startTestCollector,
  track,
  type Answer,
  type TestCollector,
} from '../fixtures/collectorTestKit.ts';

const minute = 60_000;

function errorMessage(answer: Answer): string {
  return (JSON.parse(answer.text) as { errorMessage: string }).errorMessage;
}

function lz4(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(lz4js.compressBound(raw.length));
  const size = lz4js.compressBlock(raw, out, 0, raw.length, new Uint32Array(1 << 16));
  assert.ok(size > 0);
  return out.subarray(0, size);
}

describe('stringToSign (pure)', () => {
  test('VERB, MD5, type, date, sorted x-log-*/x-acs-* headers without x-log-date, path, sorted query', () => {
    const text = stringToSign({
      method: 'POST',
      contentMd5: 'ABC',
      contentType: 'application/json',
      date: 'Mon, 07 Dec 2026 06:00:00 GMT',
      headers: {
        'x-log-signaturemethod': 'hmac-sha1',
        'x-acs-security-token': 'tok',
        'x-log-apiversion': '0.6.0',
        'x-log-date': 'Mon, 07 Dec 2026 06:00:00 GMT',
        'content-type': 'application/json',
        host: 'demo.localhost',
      },
      path: '/logstores/web/shards/0',
      rawQuery: 'b=2&action=split%20x',
    });
    assert.equal(
      text,
      'POST\nABC\napplication/json\nMon, 07 Dec 2026 06:00:00 GMT\n' +
        'x-acs-security-token:tok\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n' +
        '/logstores/web/shards/0?action=split x&b=2',
    );
  });
});

describe('signed requests', () => {
  let c: TestCollector;
  before(async () => {
    c = await startTestCollector();
  });
  after(() => c.close());
  beforeEach(() => reset(c));

  test('an issued token signs an ASCII batch: stored, recorded as signed, answered with Date', async () => {
    const creds = await issueToken(c);
    assert.match(creds.accessKeyId, /^STS\./);
    assert.ok(Date.parse(creds.expiration) > Date.now() + 59 * minute);
    const answer = await signedPost(c, jsonBody([{ a: '1' }, { b: '2' }], { __topic__: 't' }), creds);
    assert.equal(answer.status, 200, answer.text);
    assertCommonHeaders(answer.headers);
    assert.ok(Math.abs(Date.parse(answer.headers.get('date') ?? '') - Date.now()) < 5000);
    assert.match(answer.headers.get('access-control-expose-headers') ?? '', /\bdate\b/);
    const logs = await readLogs(c);
    assert.deepEqual(logs.map(({ a, b, __topic__ }) => ({ a, b, __topic__ })), [
      { a: '1', b: undefined, __topic__: 't' },
      { a: undefined, b: '2', __topic__: 't' },
    ]);
    const [record] = await readRequests(c);
    assert.equal(record?.auth, 'signed');
    assert.equal(record?.accessKeyId, creds.accessKeyId);
  });

  test('multibyte logs, with x-log-bodyrawsize in UTF-8 bytes, arrive intact', async () => {
    const creds = await issueToken(c);
    const text = '杭州 naïve café 🎉';
    const answer = await signedPost(c, jsonBody([{ text }]), creds);
    assert.equal(answer.status, 200, answer.text);
    assert.equal((await readLogs(c))[0]?.text, text);
  });

  test('lz4 and deflate bodies: Content-MD5 of the wire bytes, raw size of the JSON', async () => {
    const creds = await issueToken(c);
    const raw = Buffer.from(jsonBody([{ text: '日本語のテキスト '.repeat(40) }]), 'utf8');
    const lz4Answer = await signedPost(c, lz4(raw), creds, { compressType: 'lz4', raw });
    assert.equal(lz4Answer.status, 200, lz4Answer.text);
    const deflateAnswer = await signedPost(c, deflateSync(raw), creds, { compressType: 'deflate', raw });
    assert.equal(deflateAnswer.status, 200, deflateAnswer.text);
    assert.equal((await readLogs(c)).length, 2);
    assert.deepEqual((await readRequests(c)).map((r) => r.compressType), ['lz4', 'deflate']);
  });

  test('x-log-bodyrawsize must be the exact UTF-8 size (the string length is refused)', async () => {
    const creds = await issueToken(c);
    const body = jsonBody([{ text: 'café' }]);
    const answer = await signedPost(c, body, creds, { raw: new Uint8Array(body.length) });
    assertError(answer, 400, 'PostBodyUncompressError');
  });

  test('a numeric __time__ in a log is its time; a fractional one is refused', async () => {
    const creds = await issueToken(c);
    const body = JSON.stringify({ __logs__: [{ a: '1', __time__: 1_700_000_000 }] });
    assert.equal((await signedPost(c, body, creds)).status, 200);
    assert.equal((await readLogs(c))[0]?.__time__, '1700000000');
    const bad = JSON.stringify({ __logs__: [{ a: '1', __time__: 1.5 }] });
    assertError(await signedPost(c, bad, creds), 400, 'PostBodyInvalid');
  });

  test('the long-term test key pair signs without a token, and not with one', async () => {
    assert.equal((await signedPost(c, jsonBody([{ a: '1' }]), testKeyPair)).status, 200);
    const withToken = { ...testKeyPair, securityToken: (await issueToken(c)).securityToken };
    const answer = await signedPost(c, jsonBody([{ a: '1' }]), withToken);
    assertError(answer, 401, 'Unauthorized');
  });

  test('a tampered body is InvalidContentMD5; a tampered MD5 or header is SignatureNotMatch', async () => {
    const creds = await issueToken(c);
    const body = Buffer.from(jsonBody([{ amount: '10' }]));
    const path = '/logstores/web';
    const headers = signHeaders(creds, body, path);
    const tampered = Buffer.from(jsonBody([{ amount: '99' }]));
    const post = (h: Record<string, string>, b: Buffer) => send(c.url + path, { method: 'POST', headers: h, body: new Uint8Array(b) });

    assertError(await post(headers, tampered), 400, 'InvalidContentMD5');
    const reMd5 = signHeaders({ ...creds, accessKeySecret: 'x' }, tampered, path)['content-md5']!;
    assertError(await post({ ...headers, 'content-md5': reMd5 }, tampered), 401, 'SignatureNotMatch');
    assertError(await post({ ...headers, 'content-md5': '' }, body), 401, 'SignatureNotMatch');
    assertError(await post({ ...headers, 'x-log-compresstype': 'deflate' }, body), 401, 'SignatureNotMatch');
    assertError(await post({ ...headers, 'content-type': 'text/plain' }, body), 401, 'SignatureNotMatch');
    const later = new Date(Date.now() + 1000).toUTCString();
    assertError(await post({ ...headers, 'x-log-date': later }, body), 401, 'SignatureNotMatch');
    assertError(await send(`${c.url}/logstores/events`, { method: 'POST', headers, body }), 401, 'SignatureNotMatch');
    const forged = headers.authorization!.replace(/:.*/, ':AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    assertError(await post({ ...headers, authorization: forged }, body), 401, 'SignatureNotMatch');
    assertError(await signedPost(c, body, { ...creds, accessKeySecret: 'wrong' }), 401, 'SignatureNotMatch');
    // The untampered request still goes through, and nothing tampered was stored.
    assert.equal((await post(headers, body)).status, 200);
    assert.deepEqual((await readLogs(c)).map((log) => log.amount), ['10']);
  });

  test('unknown key, wrong or missing token: 401 Unauthorized with the service messages', async () => {
    const creds = await issueToken(c);
    const body = jsonBody([{ a: '1' }]);
    const unknown = await signedPost(c, body, { ...creds, accessKeyId: 'STS.nobody' });
    assertError(unknown, 401, 'Unauthorized');
    assert.match(errorMessage(unknown), /^AccessKeyId not found/);
    const wrong = await signedPost(c, body, { ...creds, securityToken: 'forged' });
    assertError(wrong, 401, 'Unauthorized');
    assert.equal(errorMessage(wrong), 'The security token you provided is invalid.');
    const { securityToken: _, ...noToken } = creds;
    assertError(await signedPost(c, body, noToken), 401, 'Unauthorized');
    const other = await issueToken(c);
    assertError(await signedPost(c, body, { ...creds, securityToken: other.securityToken }), 401, 'Unauthorized');
  });

  test('a token expired on request, or by its ttl, is refused; a fresh one works', async () => {
    const first = await issueToken(c);
    const second = await issueToken(c);
    const body = jsonBody([{ a: '1' }]);
    const expire = await send(`${c.url}/_collector/sts/expire?accessKeyId=${first.accessKeyId}`, { method: 'POST' });
    assert.deepEqual(JSON.parse(expire.text), { expired: 1 });
    const expired = await signedPost(c, body, first);
    assertError(expired, 401, 'Unauthorized');
    assert.equal(errorMessage(expired), 'The security token you provided has expired.');
    assert.equal((await signedPost(c, body, second)).status, 200);
    await send(`${c.url}/_collector/sts/expire`, { method: 'POST' });
    assertError(await signedPost(c, body, second), 401, 'Unauthorized');

    const short = await issueToken(c, 60);
    assert.equal((await send(`${c.url}/_collector/sts/clock?offsetMs=61000`, { method: 'POST' })).status, 200);
    const lapsed = await signedPost(c, body, short, { date: new Date(Date.now() + 61_000) });
    assert.equal(errorMessage(lapsed), 'The security token you provided has expired.');
    assert.equal((await signedPost(c, body, await issueToken(c, 60), { date: new Date(Date.now() + 61_000) })).status, 200);
  });

  test('a date over 15 minutes off is RequestTimeExpired; the answer Date corrects it', async () => {
    const creds = await issueToken(c);
    const body = jsonBody([{ a: '1' }]);
    assert.equal((await signedPost(c, body, creds, { date: new Date(Date.now() - 14 * minute) })).status, 200);
    assertError(await signedPost(c, body, creds, { date: new Date(Date.now() - 16 * minute) }), 400, 'RequestTimeExpired');
    assertError(await signedPost(c, body, creds, { date: new Date(Date.now() + 16 * minute) }), 400, 'RequestTimeExpired');

    // The collector's clock runs 20 minutes ahead: a client on real time is refused, reads the
    // answer's Date (exposed to pages) and signs with it.
    await send(`${c.url}/_collector/sts/clock?offsetMs=${20 * minute}`, { method: 'POST' });
    const refused = await signedPost(c, body, creds);
    assertError(refused, 400, 'RequestTimeExpired');
    const serverDate = Date.parse(refused.headers.get('date') ?? '');
    assert.ok(Math.abs(serverDate - (Date.now() + 20 * minute)) < 5000, refused.headers.get('date') ?? '');
    assert.equal((await signedPost(c, body, creds, { date: new Date(serverDate) })).status, 200);
  });

  test('no date, an unparsable date, a malformed Authorization: 400', async () => {
    const creds = await issueToken(c);
    const body = jsonBody([{ a: '1' }]);
    // Signed over the date sent (or none), so the signature matches and the date is what fails.
    const missing = await signedPost(c, body, creds, { date: '', omit: ['x-log-date'] });
    assertError(missing, 400, 'MissingDate');
    assertError(await signedPost(c, body, creds, { date: 'yesterday' }), 400, 'InvalidRequestTime');
    for (const authorization of ['', 'LOG nocolon', 'OSS a:b', 'LOG a:']) {
      const answer = await signedPost(c, body, creds, { after: { authorization } });
      assertError(answer, 400, 'ParameterInvalid');
    }
  });

  test('Date (not x-log-date) serves as the date when it is the only one', async () => {
    const creds = await issueToken(c);
    const date = new Date().toUTCString();
    const answer = await signedPost(c, jsonBody([{ a: '1' }]), creds, { date, omit: ['x-log-date'], after: { date } });
    assert.equal(answer.status, 200, answer.text);
  });

  test('only POST; a body without Content-MD5 is refused even when signed so', async () => {
    assertError(await send(`${c.url}/logstores/web`), 405, 'MethodNotAllowed');
    const creds = await issueToken(c);
    const answer = await signedPost(c, jsonBody([{ a: '1' }]), creds, { contentMd5: '' });
    assertError(answer, 400, 'InvalidContentMD5');
    assert.match(answer.headers.get('date') ?? '', /GMT$/);
  });

  test('the signed path works in the default (anonymous) mode too, beside anonymous writes', async () => {
    assert.equal((await track(c, jsonBody([{ a: 'anon' }]))).status, 200);
    assert.equal((await signedPost(c, jsonBody([{ a: 'signed' }]), await issueToken(c))).status, 200);
    assert.deepEqual((await readRequests(c)).map((r) => [r.auth, r.status]), [
      ['anonymous', 200],
      ['signed', 200],
    ]);
  });

  test('preflight on the signed path allows the signature headers; on /track it does not', async () => {
    const asked = 'authorization, content-md5, content-type, x-log-date, x-log-signaturemethod, x-acs-security-token, x-log-bodyrawsize, x-log-apiversion';
    const preflight = (path: string) =>
      send(c.url + path, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': asked },
      });
    const signed = (await preflight('/logstores/web')).headers.get('access-control-allow-headers') ?? '';
    assert.deepEqual(signed.split(', ').sort(), asked.split(', ').sort());
    const anonymous = (await preflight('/logstores/web/track')).headers.get('access-control-allow-headers') ?? '';
    assert.doesNotMatch(anonymous, /authorization|x-acs-security-token/);
  });

  test('the token endpoint checks its ttl; the clock endpoint its offset; reset sets the clock back', async () => {
    for (const ttl of ['0', '43201', 'x', '-1']) {
      assertError(await send(`${c.url}/_collector/sts/token?ttl=${ttl}`), 400, 'ParameterInvalid');
    }
    assertError(await send(`${c.url}/_collector/sts/clock?offsetMs=1.5`, { method: 'POST' }), 400, 'ParameterInvalid');
    await send(`${c.url}/_collector/sts/clock?offsetMs=-5000`, { method: 'POST' });
    assert.equal(JSON.parse((await send(`${c.url}/_collector/sts/clock`)).text).offsetMs, -5000);
    await reset(c);
    assert.equal(JSON.parse((await send(`${c.url}/_collector/sts/clock`)).text).offsetMs, 0);
  });
});

describe('--signed mode (anonymous writes off)', () => {
  for (const [name, options] of [
    ['signed: true', { signed: true }],
    ['config anonymous: false', { config: { anonymous: false, projects: { demo: { logstores: { web: true } } } } }],
  ] as const) {
    test(`${name}: every anonymous form answers 401, the signed form writes`, async () => {
      const c = await startTestCollector(options);
      try {
        const body = jsonBody([{ a: '1' }]);
        assertError(await track(c, body), 401, 'Unauthorized');
        assertError(await track(c, body, { mode: 'query' }), 401, 'Unauthorized');
        assertError(await send(`${c.url}/logstores/web/track?APIVersion=0.6.0&a=1`), 401, 'Unauthorized');
        assertError(await send(`${c.url}/logstores/web/track.gif?APIVersion=0.6.0&a=1`), 401, 'Unauthorized');
        assert.equal((await signedPost(c, body, await issueToken(c))).status, 200);
        assert.equal((await readLogs(c)).length, 1);
        assert.equal(JSON.parse((await send(`${c.url}/_collector/config`)).text).anonymous, false);
      } finally {
        await c.close();
      }
    });
  }
});

interface CapturedXhr {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  answer?: Answer;
}

/**
 * The official tracker with the official plugin, in Node: its transport is XMLHttpRequest on
 * `window`, so a stub stands in for it that records the request and replays it to the collector
 * with fetch, as a browser would send it.
 */
describe('the official @aliyun-sls/web-sts-plugin 0.3.9', () => {
  let c: TestCollector;
  const captured: CapturedXhr[] = [];
  let makeTracker: () => { sendImmediate(log: Record<string, unknown>): void };

  class ReplayingXhr {
    readyState = 0;
    status = 0;
    onreadystatechange: (() => void) | null = null;
    private request: CapturedXhr = { method: '', url: '', headers: {}, body: '' };
    open(method: string, url: string): void {
      this.request = { method, url, headers: {}, body: '' };
    }
    setRequestHeader(name: string, value: string): void {
      this.request.headers[name] = value;
    }
    send(body: string): void {
      this.request.body = body;
      captured.push(this.request);
      void send(this.request.url, { method: this.request.method, headers: this.request.headers, body }).then((answer) => {
        this.request.answer = answer;
        this.status = answer.status;
        this.readyState = 4;
        this.onreadystatechange?.();
      });
    }
  }

  async function nextAnswered(): Promise<CapturedXhr> {
    const index = captured.length;
    for (let i = 0; i < 200; i++) {
      const request = captured[index];
      if (request?.answer) return request;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the official tracker sent nothing');
  }

  before(async () => {
    c = await startTestCollector({ signed: true });
    Object.assign(globalThis, { window: { XMLHttpRequest: ReplayingXhr, addEventListener() {} } });
    const { default: SlsTracker } = await import('@aliyun-sls/web-track-browser');
    const { default: createStsPlugin } = await import('@aliyun-sls/web-sts-plugin');
    makeTracker = () => {
      // What a page does with the plugin: credentials from the app's token endpoint, here the
      // collector's stand-in, fetched when the plugin asks (on its first send).
      const options = {
        accessKeyId: '',
        accessKeySecret: '',
        securityToken: '',
        stsTokenFreshTime: undefined,
        refreshSTSTokenInterval: 300_000,
        // The plugin keeps this object and calls this before its first send.
        refreshSTSToken: async () => {
          const { accessKeyId, accessKeySecret, securityToken } = await issueToken(c);
          Object.assign(options, { accessKeyId, accessKeySecret, securityToken });
        },
      };
      const plugin = createStsPlugin(options);
      const tracker = new SlsTracker({ host: c.url, project: 'demo', logstore: 'web', time: 1, count: 10 });
      tracker.useStsPlugin(plugin);
      return tracker;
    };
  });
  after(async () => {
    Reflect.deleteProperty(globalThis, 'window');
    await c.close();
  });

  test('its signed request is accepted in --signed mode and recorded as signed', async () => {
    const answered = nextAnswered();
    makeTracker().sendImmediate({ page: '/checkout', step: 2 });
    const request = await answered;
    assert.equal(request.url, `${c.url}/logstores/web`);
    assert.equal(request.answer?.status, 200, request.answer?.text);
    const [log] = await readLogs(c);
    assert.equal(log?.page, '/checkout');
    assert.equal(log?.step, '2');
    assert.ok(Math.abs(Number(log?.__time__) - Date.now() / 1000) < 5);
    const [record] = (await readRequests(c)).slice(-1);
    assert.equal(record?.auth, 'signed');
    assert.match(record?.accessKeyId ?? '', /^STS\./);
  });

  test('the same request tampered with is refused', async () => {
    const answered = nextAnswered();
    makeTracker().sendImmediate({ amount: '10' });
    const request = await answered;
    assert.equal(request.answer?.status, 200, request.answer?.text);
    const replay = (headers: Record<string, string>, body: string) =>
      send(request.url, { method: 'POST', headers, body });
    const body = request.body.replace('"10"', '"99"');
    assertError(await replay(request.headers, body), 400, 'InvalidContentMD5');
    const md5 = request.headers['Content-MD5']!;
    assertError(await replay({ ...request.headers, 'Content-MD5': md5.replace(/^./, md5[0] === 'A' ? 'B' : 'A') }, request.body), 401, 'SignatureNotMatch');
    assertError(await replay({ ...request.headers, 'x-log-bodyrawsize': String(request.body.length + 1) }, request.body), 401, 'SignatureNotMatch');
    // Replayed untouched it is a valid request still (the service has no nonce either).
    assert.equal((await replay(request.headers, request.body)).status, 200);
  });

  test('its multibyte batch is refused: it sends the string length as x-log-bodyrawsize', async () => {
    const answered = nextAnswered();
    makeTracker().sendImmediate({ text: '杭州 café' });
    const request = await answered;
    assert.equal(request.headers['x-log-bodyrawsize'], String(request.body.length));
    assertError(request.answer!, 400, 'PostBodyUncompressError');
  });
});
