import { signedExposeHeaders } from './answerHeaders.ts';
import { admitIngest } from './admitIngest.ts';
import { namedAccessKeyId } from './authorizeSignedRequest.ts';
import { checkContentMd5 } from './checkContentMd5.ts';
import { clip } from './clip.ts';
import { headerValue } from './headerValue.ts';
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
import { hostName, selectProject } from './selectProject.ts';
import { toStoredLogs } from './toStoredLogs.ts';
import { transparentGif } from './transparentGif.ts';

/**
 * PutWebTracking, the GET forms and the signed form, checked in the order the service's layers
 * would:
 *
 * 1. method, project (Host), logstore; for the anonymous forms the Web Tracking switch (and
 *    `anonymous`, off in --signed mode), for the signed form its Authorization, security token,
 *    signature and date (authorizeSignedRequest);
 * 2. request-level checks: API version, x-log-bodyrawsize, x-log-compresstype, sizes announced or
 *    streamed (the body is never read past its limit), GET query length and encoding;
 * 3. an injected fault, if one is queued for this logstore, decides the answer here, whatever
 *    the content (the body was still parsed, so the request log shows what it held);
 * 4. content: the signed form's Content-MD5 against the wire bytes; decompress, UTF-8, JSON,
 *    shape, keys, values; then the logs are stored.
 *
 * Every answer to the signed form carries `Date` on the signing clock, so a client can correct
 * its own clock from it (the plugin's and the service's skew correction).
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
  // A project named only in the client's configuration, with a Host that names none, lands in the
  // default project: say so on the answer and in the record (issue 22).
  const projectBy: RequestRecord['projectBy'] = hostName(req.headers.host).endsWith('.localhost') ? 'host' : 'default';
  ex.res.setHeader('x-collector-project', `${clip(project)}; by=${projectBy}`);
  const signed = route.form === 'signed';
  const mode: RequestRecord['mode'] =
    method === 'GET' ? 'get' : req.headers['x-log-apiversion'] !== undefined ? 'header' : 'query';
  const record: Omit<RequestRecord, 'id'> = {
    requestId: ex.requestId,
    time: ex.receivedAt,
    method,
    project: clip(project),
    projectBy,
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
    auth: signed ? 'signed' : 'anonymous',
    accessKeyId: signed ? clipOrNull(namedAccessKeyId(req.headers.authorization)) : null,
    injected: false,
    durationMs: 0,
  };
  const dated = (headers: Record<string, string> = {}) =>
    signed
      ? {
          ...headers,
          date: new Date(deps.sts.now()).toUTCString(),
          'access-control-expose-headers': signedExposeHeaders,
        }
      : headers;
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
    respondError(ex, code, message, dated(headers));
    finish(gone() ? 0 : errors[code].status, code);
  };

  const refusal = admitIngest(ex, deps, route, project);
  if (refusal) {
    refuse(refusal.code, refusal.message, refusal.headers);
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
    // The signed form has no query-string mode: its x-log-* headers are signed.
    const query = new URLSearchParams(signed ? '' : ex.rawQuery);
    const plan = readPostPlan(req.headers, query, deps.limits);
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
    if (signed) {
      const md5 = checkContentMd5(headerValue(req.headers['content-md5']), body.bytes);
      if (!md5.ok) {
        refuse(md5.code, md5.message);
        return;
      }
    }
    outcome = parsePostBody(body.bytes, plan.value, deps.limits, { clientTime: signed });
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
      respondErrorStatus(ex, fault.status, errorCode, 'Injected by /_collector/faults.', dated(headers));
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
  if (route.form === 'track' || signed) respond(ex, 200, '', dated());
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

function clipOrNull(text: string | undefined): string | null {
  return text === undefined ? null : clip(text);
}
