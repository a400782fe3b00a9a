import type { Exchange } from './Exchange.ts';
import { respond } from './respond.ts';

// The request headers header mode needs (README, "The wire contract"); which ones the real service allows is
// unverified, so exactly these, plus content-type for clients that send application/json.
const allowedHeaders = ['x-log-apiversion', 'x-log-bodyrawsize', 'x-log-compresstype', 'content-type'];

/**
 * Answers a CORS preflight. Requested headers are echoed when allowed and left out when not, so a
 * browser refuses a request the service would refuse. `Access-Control-Allow-Private-Network`
 * answers Chromium's Private Network Access preflight, sent when a public page calls a local
 * collector (https://wicg.github.io/private-network-access/).
 */
export function handlePreflight(ex: Exchange): void {
  const requested = ex.req.headers['access-control-request-headers'];
  const asked = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => allowedHeaders.includes(name));
  const headers: Record<string, string> = {
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': (asked.length > 0 ? asked : allowedHeaders).join(', '),
    'access-control-max-age': '86400',
    vary: 'Access-Control-Request-Headers',
  };
  if (ex.req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  respond(ex, 200, '', headers);
}
