import type { Exchange } from './Exchange.ts';
import { isLoopbackAddress, isLoopbackHostName } from './isLoopback.ts';
import { hostName } from './selectProject.ts';

/**
 * Why a request may not use the collector's own API or viewer, or undefined when it may.
 *
 * Only loopback peers, addressing the collector by a loopback name (so a DNS-rebound page cannot
 * read it), and for anything that changes state (reset, faults) only from no page or a loopback
 * page: answers carry `Access-Control-Allow-Origin: *`, and a text/plain POST needs no preflight,
 * so any web page could otherwise reset the collector while its developer browses.
 */
export function guardLocal(ex: Exchange): string | undefined {
  const { req } = ex;
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'only loopback clients';
  if (!isLoopbackHostName(hostName(req.headers.host))) return 'Host must be a loopback name';
  const origin = req.headers.origin;
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined) {
    let originHost = '';
    try {
      originHost = new URL(origin).hostname;
    } catch {
      // "null" (sandboxed or file: pages) and garbage stay refused.
    }
    if (!isLoopbackHostName(originHost)) return 'changes only from loopback pages';
  }
  return undefined;
}
