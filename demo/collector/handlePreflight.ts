import type { Exchange } from './Exchange.ts';
import { matchIngestPath } from './matchIngestPath.ts';
import { respond } from './respond.ts';

// The request headers header mode needs (README, "The wire contract"); which ones the real service allows is
// unverified, so exactly these, plus content-type for clients that send application/json.
const allowedHeaders = ['x-log-apiversion', 'x-log-bodyrawsize', 'x-log-compresstype', 'content-type'];
// The signed form adds what its signature needs (the API reference's common request headers; a
// page cannot set Date, so x-log-date carries the date).
const signedHeaders = [
  ...allowedHeaders,
  'authorization',
  'content-md5',
  'x-log-date',
  'x-log-signaturemethod',
  'x-acs-security-token',
];

/**
 * Answers a CORS preflight. Requested headers are echoed when allowed and left out when not, so a
 * browser refuses a request the service would refuse. `Access-Control-Allow-Private-Network`
 * answers Chromium's Private Network Access preflight, sent when a public page calls a local
 * collector (https://wicg.github.io/private-network-access/). On the signed path
 * (`/logstores/{logstore}`) the signature headers are allowed too.
 */
export function handlePreflight(ex: Exchange): void {
  const allowed = matchIngestPath(ex.path)?.form === 'signed' ? signedHeaders : allowedHeaders;
  const requested = ex.req.headers['access-control-request-headers'];
  const asked = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => allowed.includes(name));
  const headers: Record<string, string> = {
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': (asked.length > 0 ? asked : allowed).join(', '),
    'access-control-max-age': '86400',
    vary: 'Access-Control-Request-Headers',
  };
  if (ex.req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  respond(ex, 200, '', headers);
}
