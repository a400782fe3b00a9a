import { authorizeSignedRequest } from './authorizeSignedRequest.ts';
import { clip } from './clip.ts';
import type { CollectorDeps } from './CollectorDeps.ts';
import type { ErrorCode } from './errors.ts';
import type { Exchange } from './Exchange.ts';
import type { IngestRoute } from './matchIngestPath.ts';

/** Why an ingest request may not go on, as the answer that says so. */
export interface Refusal {
  code: ErrorCode;
  message: string;
  headers?: Record<string, string>;
}

/**
 * The first layer of an ingest request, before anything of its body: the method the form takes,
 * the project (from the Host) and logstore, then who may write. The anonymous forms need
 * anonymous writes on (off under --signed) and the logstore's Web Tracking switch; the signed
 * form needs a valid signature by a known key and live token (authorizeSignedRequest), whatever
 * the switch. Undefined when the request may go on.
 */
export function admitIngest(
  ex: Exchange,
  deps: CollectorDeps,
  route: IngestRoute,
  project: string,
): Refusal | undefined {
  const method = ex.req.method ?? '';
  const allowed = route.form === 'signed' ? ['POST'] : route.form === 'track' ? ['POST', 'GET'] : ['GET'];
  if (!allowed.includes(method)) {
    return {
      code: 'MethodNotAllowed',
      message: `${method} is not allowed on ${route.form}`,
      headers: { allow: [...allowed, 'OPTIONS'].join(', ') },
    };
  }
  const logstores = deps.config.projects.get(project);
  if (!logstores) return { code: 'ProjectNotExist', message: `The Project does not exist : ${clip(project)}` };
  const logstore = logstores.get(route.logstore);
  if (!logstore) return { code: 'LogStoreNotExist', message: `logstore ${clip(route.logstore)} does not exist` };

  if (route.form === 'signed') {
    const request = { method, path: ex.path, rawQuery: ex.rawQuery, headers: ex.req.headers };
    const auth = authorizeSignedRequest(request, deps.sts);
    return auth.ok ? undefined : { code: auth.code, message: auth.message };
  }
  if (!deps.config.anonymous) {
    return { code: 'Unauthorized', message: 'anonymous Web Tracking writes are off (--signed): sign the request' };
  }
  if (!logstore.webTracking) {
    return { code: 'Unauthorized', message: `Web Tracking is not enabled for logstore ${route.logstore}` };
  }
  return undefined;
}
