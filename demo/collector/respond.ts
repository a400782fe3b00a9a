import { answerHeaders } from './answerHeaders.ts';
import type { Exchange } from './Exchange.ts';
import { drainLimit } from './readBody.ts';

/**
 * Sends an answer with the headers every answer carries.
 *
 * When the body of the request has not been read and may be large (chunked, or a Content-Length
 * past drainLimit), the answer says `connection: close` so Node closes the socket after it rather
 * than reading the whole body to keep the connection alive.
 */
export function respond(
  ex: Exchange,
  status: number,
  body: string | Uint8Array = '',
  headers: Record<string, string> = {},
): void {
  const { req, res } = ex;
  if (res.headersSent || res.destroyed) return;
  const all: Record<string, string> = {
    ...answerHeaders(ex.requestId),
    ...headers,
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
  };
  if (!req.complete && !ex.bodyTaken) {
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (chunked || Number(req.headers['content-length'] ?? 0) > drainLimit) all['connection'] = 'close';
  }
  res.writeHead(status, all);
  res.end(req.method === 'HEAD' ? undefined : body);
}
