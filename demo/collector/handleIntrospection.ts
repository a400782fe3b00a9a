import type { CollectorDeps } from './CollectorDeps.ts';
import type { BodyRecord } from './createBodyLog.ts';
import type { Exchange } from './Exchange.ts';
import type { Fault } from './Fault.ts';
import { guardLocal } from './guardLocal.ts';
import { handleStsIntrospection } from './handleStsIntrospection.ts';
import { parseFault } from './parseFault.ts';
import { readBody } from './readBody.ts';
import { respondJson } from './respondJson.ts';
import { respondError } from './respondError.ts';
import { selectProject } from './selectProject.ts';
import { answerHeaders } from './answerHeaders.ts';

/**
 * The collector's own API under /_collector/ (loopback only, see guardLocal):
 *
 * - GET  health                       → {"ok":true}
 * - GET  config                       → {"defaultProject", "anonymous", "projects": {p: {"logstores": {l: {"webTracking"}}}}}
 * - GET  logs?logstore=&project=&since= → {"project","logstore","total","since","logs":[…]}
 *        project defaults to the Host's (`<project>.localhost`), else the default project;
 *        since (default 0) is an index into the logstore's logs; total counts them all.
 * - GET  requests?since=<id>          → {"requests":[RequestRecord…]} with id > since
 * - GET  bodies?since=<id>            → {"bodies":[{id, mode, compressType, rawSize, status,
 *        errorCode, base64}…]}: the wire bytes of recent POST bodies (createBodyLog), id > since
 * - POST reset                        → {"ok":true}; clears logs (and data files), requests, bodies, faults,
 *        and sets the signing clock back (issued STS tokens stay valid)
 * - GET  faults                       → {"faults":[Fault…]}
 * - POST faults  {fault} | [{fault}…] | {"clear":true} → {"faults":[…]} (the queue after)
 * - DELETE faults                     → {"faults":[]}
 * - GET  events                       → text/event-stream: `request` (RequestRecord),
 *        `log` ({project, logstore, index, log}), `reset` ({})
 * - sts/…                             → handleStsIntrospection (tokens, expiry, signing clock)
 */
export async function handleIntrospection(ex: Exchange, deps: CollectorDeps): Promise<void> {
  const refusal = guardLocal(ex);
  if (refusal) {
    respondError(ex, 'Forbidden', refusal);
    return;
  }
  const name = ex.path.slice('/_collector/'.length);
  if (name.startsWith('sts/')) return handleStsIntrospection(ex, deps, name.slice('sts/'.length));
  const method = ex.req.method ?? '';
  const query = new URLSearchParams(ex.rawQuery);
  const json = (value: unknown) => respondJson(ex, value);

  switch (`${method} ${name}`) {
    case 'GET health':
      return json({ ok: true });

    case 'GET config':
      return json({
        defaultProject: deps.config.defaultProject,
        anonymous: deps.config.anonymous,
        projects: Object.fromEntries(
          [...deps.config.projects].map(([project, logstores]) => [
            project,
            { logstores: Object.fromEntries(logstores) },
          ]),
        ),
      });

    case 'GET logs': {
      const project = query.get('project') ?? selectProject(ex.req.headers.host, deps.config);
      const logstore = query.get('logstore');
      const since = readIndex(query.get('since'));
      if (logstore === null || since === undefined) {
        return respondError(ex, 'ParameterInvalid', 'need ?logstore=<name>[&project=][&since=<n ≥ 0>]');
      }
      const logstores = deps.config.projects.get(project);
      if (!logstores) return respondError(ex, 'ProjectNotExist', `no project ${project}`);
      if (!logstores.has(logstore)) return respondError(ex, 'LogStoreNotExist', `no logstore ${logstore}`);
      const { logs, total } = deps.store.read(project, logstore, since);
      return json({ project, logstore, total, since, logs });
    }

    case 'GET requests': {
      const since = readIndex(query.get('since'));
      if (since === undefined) return respondError(ex, 'ParameterInvalid', 'since must be an id ≥ 0');
      return json({ requests: deps.requests.since(since) });
    }

    case 'GET bodies': {
      const since = readIndex(query.get('since'));
      if (since === undefined) return respondError(ex, 'ParameterInvalid', 'since must be an id ≥ 0');
      return json({ bodies: deps.bodies.since(since).map(bodyJson) });
    }

    case 'POST reset':
      deps.store.clear();
      deps.requests.clear();
      deps.bodies.clear();
      deps.faults.clear();
      deps.sts.setOffset(0);
      deps.events.publish('reset', {});
      return json({ ok: true });

    case 'GET faults':
      return json({ faults: deps.faults.list() });

    case 'DELETE faults':
      deps.faults.clear();
      return json({ faults: [] });

    case 'POST faults': {
      const body = await readBody(ex, 64 * 1024);
      if (body.kind !== 'ok') {
        return respondError(ex, 'ParameterInvalid', 'fault body missing or over 64 KB');
      }
      let input: unknown;
      try {
        input = JSON.parse(body.bytes.toString('utf8'));
      } catch {
        return respondError(ex, 'ParameterInvalid', 'fault body must be JSON');
      }
      if (isClear(input)) {
        deps.faults.clear();
        return json({ faults: [] });
      }
      const faults: Fault[] = [];
      for (const entry of Array.isArray(input) ? input : [input]) {
        const fault = parseFault(entry);
        if (typeof fault === 'string') return respondError(ex, 'ParameterInvalid', fault);
        faults.push(fault);
      }
      for (const fault of faults) deps.faults.add(fault);
      return json({ faults: deps.faults.list() });
    }

    case 'GET events':
      ex.res.writeHead(200, {
        ...answerHeaders(ex.requestId),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      deps.events.subscribe(ex.res);
      return;

    default:
      return respondError(ex, 'NotFound', `no ${method} /_collector/${name}`);
  }
}

/** A kept body as JSON: the bytes in base64. */
function bodyJson({ bytes, ...rest }: BodyRecord): Omit<BodyRecord, 'bytes'> & { base64: string } {
  return { ...rest, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') };
}

function readIndex(text: string | null): number | undefined {
  if (text === null) return 0;
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

function isClear(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { clear?: unknown }).clear === true;
}
