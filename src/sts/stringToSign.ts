/** The Content-Type of every signed request: the official plugin's, whatever the compression. */
export const SIGNED_CONTENT_TYPE = 'application/json';

/**
 * What an SLS request signature (V1, HMAC-SHA1) covers, for a POST without a query (the API
 * reference's "Request signatures"): the verb, the Content-MD5, the content type and the date,
 * each on a line, then every `x-log-*` and `x-acs-*` header of `headers` (names lower case) as
 * `name:value` lines sorted by name, then the path. `headers` holds no `x-log-date`: it stands in
 * for `Date` and is not signed as a header.
 */
export function stringToSign(md5: string, date: string, headers: Record<string, string>, path: string): string {
  let text = `POST\n${md5}\n${SIGNED_CONTENT_TYPE}\n${date}\n`;
  for (const name of Object.keys(headers).sort()) if (/^x-(log|acs)-/.test(name)) text += `${name}:${headers[name]}\n`;
  return text + path;
}
