import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectorDeps } from './CollectorDeps.ts';
import type { Exchange } from './Exchange.ts';
import { guardLocal } from './guardLocal.ts';
import { handleIndex } from './handleIndex.ts';
import { handleIngest } from './handleIngest.ts';
import { handleIntrospection } from './handleIntrospection.ts';
import { handlePreflight } from './handlePreflight.ts';
import { matchIngestPath } from './matchIngestPath.ts';
import { respondError } from './respondError.ts';
import { serveStatic } from './serveStatic.ts';

/**
 * Routes a request: OPTIONS preflights anywhere, /logstores/{logstore}/track[.gif|_ua.gif]
 * ingest, /_collector/ introspection, /viewer/ static files, and / an index of them all. A bug
 * in any handler answers 500 (or, once an answer has started, cuts the connection) and is
 * logged; it never reaches the process, so no request can take the collector down.
 */
export function createRequestHandler(
  deps: CollectorDeps,
  newRequestId: () => string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const question = url.indexOf('?');
    const address = req.socket.remoteAddress ?? '';
    const ex: Exchange = {
      req,
      res,
      requestId: newRequestId(),
      receivedAt: deps.now(),
      path: question === -1 ? url : url.slice(0, question),
      rawQuery: question === -1 ? '' : url.slice(question + 1),
      clientIp: address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address,
      bodyTaken: false,
    };
    route(ex, deps).catch((error: unknown) => {
      deps.warn(`collector: ${req.method} ${ex.path} failed: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) respondError(ex, 'InternalServerError');
      else res.destroy();
    });
  };
}

async function route(ex: Exchange, deps: CollectorDeps): Promise<void> {
  if (ex.req.method === 'OPTIONS') return handlePreflight(ex);
  const ingest = matchIngestPath(ex.path);
  if (ingest) return handleIngest(ex, deps, ingest);
  if (ex.path.startsWith('/_collector/')) return handleIntrospection(ex, deps);
  if (ex.path === '/') return handleIndex(ex, deps);
  if (deps.viewerDir && (ex.path === '/viewer' || ex.path.startsWith('/viewer/'))) {
    const refusal = guardLocal(ex);
    if (refusal) return respondError(ex, 'Forbidden', refusal);
    return serveStatic(ex, deps.viewerDir, '/viewer/');
  }
  return respondError(ex, 'NotFound', `no route for ${ex.req.method} ${ex.path.slice(0, 200)}`);
}
