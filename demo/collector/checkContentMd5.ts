import { createHash } from 'node:crypto';
import { accept, reject, type Verdict } from './Verdict.ts';

/**
 * Checks the Content-MD5 header against the body as it came on the wire (compressed, when it
 * is): the upper-case hex MD5 the API reference asks for. The signature covers the header, so
 * with this check it covers the body too. Lower-case hex is refused: the service asks for upper
 * case and a client that sends lower case would sign a value the service does not compute.
 */
export function checkContentMd5(header: string | undefined, wire: Uint8Array): Verdict<null> {
  if (header === undefined || header === '') {
    return reject('InvalidContentMD5', 'Content-MD5 is required on a signed request with a body');
  }
  const actual = createHash('md5').update(wire).digest('hex').toUpperCase();
  if (header !== actual) {
    return reject('InvalidContentMD5', `Content-MD5 ${JSON.stringify(header.slice(0, 64))} is not the MD5 of the body`);
  }
  return accept(null);
}
