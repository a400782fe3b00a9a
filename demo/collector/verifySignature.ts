import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue } from './headerValue.ts';

/** The parts of a request that its SLS (V1, HMAC-SHA1) signature covers. */
export interface SignedParts {
  method: string;
  contentMd5: string;
  contentType: string;
  /** The signing date as sent: `x-log-date` when present, else `Date`. */
  date: string;
  /** Request headers, names lower-case (as Node gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The path as sent, not decoded, without the query. */
  path: string;
  /** The query string without `?`, not decoded. */
  rawQuery: string;
}

/**
 * The string an SLS request signature is computed over (the "Request signatures" page of the
 * API reference, and what @aliyun-sls/web-sts-plugin 0.3.9 signs):
 *
 *     VERB \n Content-MD5 \n Content-Type \n Date \n
 *     <each x-log-* / x-acs-* header, sorted by name, as name:value\n>
 *     <path>[?<query pairs sorted by name, as name=value joined by &>]
 *
 * `x-log-date` stands in for Date but is itself left out of the headers (the common request
 * headers page: it "does not take part in the signature"; the plugin adds it after signing).
 * Query values are decoded, as the SDKs sign them before encoding.
 */
export function stringToSign(parts: SignedParts): string {
  const headers = Object.entries(parts.headers)
    .filter(([name]) => (name.startsWith('x-log-') || name.startsWith('x-acs-')) && name !== 'x-log-date')
    .map(([name, value]): [string, string] => [name, headerValue(value) ?? ''])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  const query = [...new URLSearchParams(parts.rawQuery)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const resource = query === '' ? parts.path : `${parts.path}?${query}`;
  return `${parts.method}\n${parts.contentMd5}\n${parts.contentType}\n${parts.date}\n${headers}${resource}`;
}

/** Base64 of HMAC-SHA1 of `text` (UTF-8) under `secret`. */
export function signString(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text, 'utf8').digest('base64');
}

/** Whether `signature` is the one `secret` makes for these parts, compared in constant time. */
export function verifySignature(parts: SignedParts, secret: string, signature: string): boolean {
  const expected = Buffer.from(signString(secret, stringToSign(parts)));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
