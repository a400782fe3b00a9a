// The signature of sls-webtrack/sts (issue 21): the string to sign against a fixed vector, and
// whole signed headers checked by the collector's verifier (demo/collector/verifySignature.ts,
// which test/collector/signed.test.ts holds to the official @aliyun-sls/web-sts-plugin's requests)
// and by Node's own HMAC and MD5.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { stringToSign } from '../../../src/sts/stringToSign.ts';
import { signRequest } from '../../../src/sts/signRequest.ts';
import { verifySignature } from '../../../demo/collector/verifySignature.ts';

const date = 'Mon, 07 Dec 2026 06:00:00 GMT';
const creds = { accessKeyId: 'STS.test', accessKeySecret: 'c2VjcmV0LXNlY3JldA', securityToken: 'tok+/=' };

describe('stringToSign', () => {
  test('POST, MD5, content type, date, the sorted x-log-*/x-acs-* headers, the path', () => {
    const text = stringToSign('0CC175B9C0F1B6A831C399E269772661', date, {
      'x-log-signaturemethod': 'hmac-sha1',
      'x-log-bodyrawsize': '1',
      'x-acs-security-token': 'tok',
      'x-log-apiversion': '0.6.0',
      'x-log-compresstype': 'lz4',
      'content-type': 'application/json',
    }, '/logstores/web');
    assert.equal(
      text,
      'POST\n0CC175B9C0F1B6A831C399E269772661\napplication/json\nMon, 07 Dec 2026 06:00:00 GMT\n' +
        'x-acs-security-token:tok\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:1\nx-log-compresstype:lz4\nx-log-signaturemethod:hmac-sha1\n' +
        '/logstores/web',
    );
  });
});

describe('signRequest', () => {
  const body = new TextEncoder().encode('{"__logs__":[{"msg":"héllo 日本 🎉"}],"__topic__":""}');
  const encoder = { 'x-log-apiversion': '0.6.0', 'x-log-bodyrawsize': String(body.length) };

  test('the headers the service checks: Content-MD5 upper-case hex of the wire body, the token, x-log-date, Authorization', async () => {
    const h = await signRequest(encoder, body, '/logstores/web', creds, date);
    const md5 = createHash('md5').update(body).digest('hex').toUpperCase();
    assert.equal(h['content-md5'], md5);
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h['x-log-date'], date);
    assert.equal(h['x-acs-security-token'], creds.securityToken);
    assert.equal(h['x-log-signaturemethod'], 'hmac-sha1');
    assert.equal(h['x-log-bodyrawsize'], String(body.length));
    const message =
      `POST\n${md5}\napplication/json\n${date}\n` +
      `x-acs-security-token:${creds.securityToken}\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:${body.length}\nx-log-signaturemethod:hmac-sha1\n/logstores/web`;
    const signature = createHmac('sha1', creds.accessKeySecret).update(message).digest('base64');
    assert.equal(h.authorization, `LOG STS.test:${signature}`);
  });

  test("the collector's verifier (held to the official plugin) accepts it, and refuses it once a signed header changes", async () => {
    const h = await signRequest({ ...encoder, 'x-log-compresstype': 'lz4' }, body, '/logstores/web', creds, date);
    const parts = (headers: Record<string, string>) => ({
      method: 'POST',
      contentMd5: headers['content-md5']!,
      contentType: headers['content-type']!,
      date: headers['x-log-date']!,
      headers,
      path: '/logstores/web',
      rawQuery: '',
    });
    const signature = h.authorization!.split(':')[1]!;
    assert.equal(verifySignature(parts(h), creds.accessKeySecret, signature), true);
    assert.equal(verifySignature(parts({ ...h, 'x-log-bodyrawsize': '2' }), creds.accessKeySecret, signature), false);
    assert.equal(verifySignature(parts(h), 'another secret', signature), false);
  });
});
