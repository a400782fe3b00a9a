import type { IncomingHttpHeaders } from 'node:http';
import type { StsAuthority } from './createStsAuthority.ts';
import { headerValue } from './headerValue.ts';
import { verifySignature } from './verifySignature.ts';
import { accept, reject, type Verdict } from './Verdict.ts';

/** How far the signing date may be from the collector's clock (API reference: 15 minutes). */
export const maxSkewMs = 15 * 60 * 1000;

const authorizationShape = /^LOG ([^\s:]+):(\S+)$/;

/**
 * Decides whether a signed request may write, before its body is read (the signature covers
 * Content-MD5, which checkContentMd5 then holds the body to). In order: the Authorization header's
 * form, the AccessKeyId, the security token (present, the one issued with that key, not
 * expired), the signature, then the date against the signing clock, so that a client whose clock
 * is off but whose signature is right learns that it is its clock.
 */
export function authorizeSignedRequest(
  request: { method: string; path: string; rawQuery: string; headers: IncomingHttpHeaders },
  authority: StsAuthority,
): Verdict<{ accessKeyId: string }> {
  const { headers } = request;
  const match = authorizationShape.exec(headers.authorization ?? '');
  if (!match) {
    return reject('ParameterInvalid', 'Http extend authorization : need "LOG <AccessKeyId>:<signature>"');
  }
  const [, accessKeyId, signature] = match as unknown as [string, string, string];
  const key = authority.lookup(accessKeyId);
  if (!key) return reject('Unauthorized', `AccessKeyId not found: ${accessKeyId.slice(0, 64)}`);

  const token = headerValue(headers['x-acs-security-token']);
  if (key.securityToken === undefined) {
    if (token !== undefined) return reject('Unauthorized', 'The security token you provided is invalid.');
  } else {
    if (token !== key.securityToken) return reject('Unauthorized', 'The security token you provided is invalid.');
    if (authority.now() >= key.expiresAt!) {
      return reject('Unauthorized', 'The security token you provided has expired.');
    }
  }

  const date = headerValue(headers['x-log-date']) ?? headerValue(headers.date);
  const parts = {
    method: request.method,
    contentMd5: headerValue(headers['content-md5']) ?? '',
    contentType: headerValue(headers['content-type']) ?? '',
    date: date ?? '',
    headers,
    path: request.path,
    rawQuery: request.rawQuery,
  };
  if (!verifySignature(parts, key.secret, signature)) {
    return reject('SignatureNotMatch', `Signature ${signature.slice(0, 64)} not matched.`);
  }

  if (date === undefined) return reject('MissingDate', 'Date does not exist in http header.');
  const signedAt = Date.parse(date);
  if (Number.isNaN(signedAt)) return reject('InvalidRequestTime', `Request time ${date.slice(0, 64)} not follow RFC822 spec.`);
  const serverTime = authority.now();
  if (Math.abs(signedAt - serverTime) > maxSkewMs) {
    return reject(
      'RequestTimeExpired',
      `Request time ${date} has been expired while server time is ${new Date(serverTime).toUTCString()}.`,
    );
  }
  return accept({ accessKeyId });
}

/** The AccessKeyId an Authorization header names, for the request log; undefined if it names none. */
export function namedAccessKeyId(authorization: string | undefined): string | undefined {
  return authorizationShape.exec(authorization ?? '')?.[1];
}
