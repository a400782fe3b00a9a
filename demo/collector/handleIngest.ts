import type { CollectorDeps } from './CollectorDeps.ts';
import { errors, type ErrorCode } from './errors.ts';
import type { Exchange } from './Exchange.ts';
import { faultErrorCode } from './faultErrorCode.ts';
import type { LogBatch } from './LogBatch.ts';
import type { IngestRoute } from './matchIngestPath.ts';
import { parsePostBody, type BodyOutcome } from './parsePostBody.ts';
import { readBody } from './readBody.ts';
import { readGetPlan } from './readGetPlan.ts';
import { readPostPlan } from './readPostPlan.ts';
import { readGetLog } from './readGetLog.ts';
import type { RequestRecord } from './RequestRecord.ts';
import { respond } from './respond.ts';
import { respondError, respondErrorStatus } from './respondError.ts';
import { selectProject } from './selectProject.ts';
import { toStoredLogs } from './toStoredLogs.ts';
import { transparentGif } from './transparentGif.ts';

/**
 * PutWebTracking and the GET forms, checked in the order the service's layers would:
 *
 * 1. method, project (Host), logstore, Web Tracking switch;
 * 2. request-level checks: API version, x-log-bodyrawsize, x-log-compresstype, sizes announced or
 *    streamed (the body is never read past its limit), GET query length and encoding;
 * 3. an injected fault, if one is queued for this logstore, decides the answer here, whatever
 *    the content (the body was still parsed, so the request log shows what it held);
 * 4. content: decompress, UTF-8, JSON, shape, keys, values; then the logs are stored.
 *
 * Every request that reached this handler is recorded in the request log and published as an
 * event, whatever its outcome.
 */
export async function handleIngest(
  ex: Exchange,
  deps: CollectorDeps,
  route: IngestRoute,
): Promise<void> {
  const { req } = ex;
  const method = req.method ?? '';
  const project = selectProject(req.headers.host, deps.config);
  const mode: RequestRecord['mode'] =
    method === 'GET' ? 'get' : req.headers['x-log-apiversion'] !== undefined ? 'header' : 'query';
  const record: Omit<RequestRecord, 'id'> = {
    requestId: ex.requestId,
    time: ex.receivedAt,
    method,
    project: clip(project),
    logstore: clip(route.logstore),
    mode,
    compressType: mode === 'header' ? clip(String(req.headers['x-log-compresstype'] || 'none')) : 'none',
    rawBytes: null,
    wireBytes: 0,
    logs: null,
    status: 0,
    errorCode: null,
    topic: null,
    contentType: req.headers['content-type'] ?? null,
    origin: req.headers.origin ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    injected: false,
    durationMs: 0,
  };
  // The POST body as it arrived, kept with its record for /_collector/bodies.
  let wire: { bytes: Uint8Array; rawSize: number | null } | undefined;
  const finish = (status: number, errorCode: string | null) => {
    const done = deps.requests.add({
      ...record,
      status,
      errorCode,
      durationMs: deps.now() - ex.receivedAt,
    });
    if (wire && done.mode !== 'get') {
      const { id, mode, compressType } = done;
      deps.bodies.add({ id, mode, compressType, status, errorCode, ...wire });
    }
    deps.events.publish('request', done);
  };
  const gone = () => req.socket.destroyed;
  const refuse = (code: ErrorCode, message?: string, headers?: Record<string, string>) => {
    respondError(ex, code, message, headers);
    finish(gone() ? 0 : errors[code].status, code);
  };

  const allowed = route.form === 'track' ? ['POST', 'GET'] : ['GET'];
  if (!allowed.includes(method)) {
    refuse('MethodNotAllowed', `${method} is not allowed on ${route.form}`, {
      allow: [...allowed, 'OPTIONS'].join(', '),
    });
    return;
  }
  const logstores = deps.config.projects.get(project);
  if (!logstores) {
    refuse('ProjectNotExist', `The Project does not exist : ${record.project}`);
    return;
  }
  const logstore = logstores.get(route.logstore);
  if (!logstore) {
    refuse('LogStoreNotExist', `logstore ${record.logstore} does not exist`);
    return;
  }
  if (!logstore.webTracking) {
    refuse('Unauthorized', `Web Tracking is not enabled for logstore ${route.logstore}`);
    return;
  }

  let outcome: BodyOutcome;
  if (method === 'GET') {
    const pairs = readGetPlan(ex.rawQuery, req.headers, deps.limits);
    if (!pairs.ok) {
      refuse(pairs.code, pairs.message);
      return;
    }
    outcome = { verdict: readGetLog(pairs.value, deps.limits), rawBytes: null };
  } else {
    const plan = readPostPlan(req.headers, new URLSearchParams(ex.rawQuery), deps.limits);
    if (!plan.ok) {
      refuse(plan.code, plan.message);
      return;
    }
    const body = await readBody(ex, plan.value.maxWireBytes);
    if (body.kind === 'aborted') {
      finish(0, 'ClientAborted');
      return;
    }
    if (body.kind === 'tooLarge') {
      record.wireBytes = body.received;
      refuse('PostBodyTooLarge', `body over ${plan.value.maxWireBytes} bytes on the wire`);
      return;
    }
    record.wireBytes = body.bytes.length;
    wire = { bytes: body.bytes, rawSize: plan.value.rawSize };
    outcome = parsePostBody(body.bytes, plan.value, deps.limits);
  }
  record.rawBytes = outcome.rawBytes;
  if (outcome.verdict.ok) {
    record.logs = outcome.verdict.value.logs.length;
    record.topic = outcome.verdict.value.topic ?? '';
  }

  const verdict = outcome.verdict;
  const fault = deps.faults.take({
    project,
    logstore: route.logstore,
    values: () => (verdict.ok ? verdict.value.logs.flatMap((log) => log.map(([, v]) => v)) : []),
  });
  if (fault) {
    record.injected = true;
    if (fault.delayMs) await deps.sleeper.sleep(fault.delayMs);
    if (fault.drop) {
      req.socket.destroy();
      finish(0, 'Dropped');
      return;
    }
    if (fault.status !== undefined) {
      const errorCode = fault.errorCode ?? faultErrorCode(fault.status);
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      respondErrorStatus(ex, fault.status, errorCode, 'Injected by /_collector/faults.', headers);
      finish(gone() ? 0 : fault.status, errorCode);
      return;
    }
  }

  if (!outcome.verdict.ok) {
    refuse(outcome.verdict.code, outcome.verdict.message);
    return;
  }
  // Stored even when the client gave up during an injected delay: the service commits what it
  // received, which is how a client that times out and retries makes duplicates.
  store(ex, deps, project, route, outcome.verdict.value);
  if (gone()) {
    finish(0, 'ClientAborted');
    return;
  }
  if (route.form === 'track') respond(ex, 200);
  else respond(ex, 200, transparentGif, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
  finish(200, null);
}

function store(
  ex: Exchange,
  deps: CollectorDeps,
  project: string,
  route: IngestRoute,
  batch: LogBatch,
): void {
  const extraTags: Array<[string, string]> = [];
  if (route.form === 'track_ua.gif') {
    // What the service does for track_ua.gif (Web Tracking docs: it also records the request's
    // User-Agent and Referer); the exact field names are unverified.
    const { 'user-agent': userAgent, referer } = ex.req.headers;
    if (userAgent !== undefined) extraTags.push(['__user_agent__', userAgent]);
    if (referer !== undefined) extraTags.push(['__referer__', referer]);
  }
  const logs = toStoredLogs(batch, { receivedAt: ex.receivedAt, clientIp: ex.clientIp, extraTags });
  const first = deps.store.append(project, route.logstore, logs);
  logs.forEach((log, offset) => {
    deps.events.publish('log', { project, logstore: route.logstore, index: first + offset, log });
  });
}

// Names in records come from the client; keep them short.
function clip(text: string): string {
  return text.length > 128 ? `${text.slice(0, 128)}…` : text;
}
