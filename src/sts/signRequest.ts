import { md5 } from '@noble/hashes/legacy.js';
import type { StsCredentials } from '../types';
import { SIGNED_CONTENT_TYPE, stringToSign } from './stringToSign';

/** Upper-case hex of `bytes`, as Content-MD5 is written for SLS. */
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => (b | 256).toString(16).slice(1)).join('').toUpperCase();

/**
 * The headers of a signed `POST path` of `body` (the bytes on the wire): the encoder's x-log-*
 * `headers` with the signature method and the security token, the Content-MD5 of `body`, the
 * date (`x-log-date`: a page cannot set Date) and `Authorization: LOG <AccessKeyId>:<signature>`.
 * HMAC-SHA1 by WebCrypto (secure contexts: https, localhost); WebCrypto has no MD5, so it comes
 * from @noble/hashes.
 */
export async function signRequest(headers: Record<string, string>, body: Uint8Array, path: string, c: StsCredentials, date: string): Promise<Record<string, string>> {
  const md = hex(md5(body));
  const signed = { ...headers, 'x-log-signaturemethod': 'hmac-sha1', 'x-acs-security-token': c.securityToken };
  const enc = new TextEncoder();
  const subtle = crypto.subtle;
  const key = await subtle.importKey('raw', enc.encode(c.accessKeySecret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const signature = btoa(String.fromCharCode(...new Uint8Array(await subtle.sign('HMAC', key, enc.encode(stringToSign(md, date, signed, path))))));
  return { ...signed, 'content-type': SIGNED_CONTENT_TYPE, 'content-md5': md, 'x-log-date': date, authorization: `LOG ${c.accessKeyId}:${signature}` };
}
