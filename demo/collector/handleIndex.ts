import type { CollectorDeps } from './CollectorDeps.ts';
import type { Exchange } from './Exchange.ts';
import { guardLocal } from './guardLocal.ts';
import { respond } from './respond.ts';
import { respondError } from './respondError.ts';

/** What the collector answers, as the index lists it (README, "The local collector"). */
const endpoints: ReadonlyArray<[path: string, what: string]> = [
  ['POST /logstores/{logstore}/track', 'ingest, header mode (lz4, deflate, none) or query mode (?APIVersion=0.6.0)'],
  ['GET /logstores/{logstore}/track[.gif|_ua.gif]?APIVersion=0.6.0&…', 'ingest, one log in the query string'],
  ['POST /logstores/{logstore}', 'ingest, signed with STS credentials (the only way to write under --signed)'],
  ['GET /_collector/health', '{"ok":true}'],
  ['GET /_collector/config', 'the projects and logstores in force'],
  ['GET /_collector/logs?logstore=web[&project=][&since=]', 'the logs a logstore holds'],
  ['GET /_collector/requests[?since=]', 'every ingest request, accepted or not'],
  ['POST /_collector/reset', 'clears logs, requests and faults'],
  ['GET | POST | DELETE /_collector/faults', 'the fault queue'],
  ['GET /_collector/events', 'Server-Sent Events: request, log, reset'],
  ['GET /_collector/sts/token[?ttl=]', 'temporary credentials for signed requests'],
  ['POST /_collector/sts/expire[?accessKeyId=]', 'expires issued tokens now'],
  ['GET | POST /_collector/sts/clock[?offsetMs=]', 'the signing clock, shifted to test skew'],
];

const escape = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * `/`: what this is and what it answers, so the URL that `npm start` prints leads somewhere. A
 * short HTML page, or JSON for a client that asks for it (`Accept: application/json`). Loopback
 * only, like the viewer it links to (guardLocal).
 */
export function handleIndex(ex: Exchange, deps: CollectorDeps): void {
  const refusal = guardLocal(ex);
  if (refusal) return respondError(ex, 'Forbidden', refusal);
  const method = ex.req.method ?? '';
  if (method !== 'GET' && method !== 'HEAD') {
    return respondError(ex, 'MethodNotAllowed', `${method} is not allowed here`, { allow: 'GET, HEAD' });
  }
  const viewer = deps.viewerDir ? '/viewer/' : null;
  const projects = Object.fromEntries(
    [...deps.config.projects].map(([project, logstores]) => [
      project,
      Object.fromEntries([...logstores].map(([logstore, { webTracking }]) => [logstore, { webTracking }])),
    ]),
  );
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', vary: 'accept' };
  const accept = ex.req.headers.accept ?? '';
  if (/application\/json/.test(accept) && !/text\/html/.test(accept)) {
    const body = JSON.stringify({
      name: 'sls-webtrack local collector',
      viewer,
      defaultProject: deps.config.defaultProject,
      projects,
      endpoints: endpoints.map(([path, what]) => ({ path, what })),
    });
    return respond(ex, 200, body, { ...headers, 'content-type': 'application/json' });
  }
  const logstores = Object.entries(projects).map(
    ([project, stores]) =>
      `<li><code>${escape(project)}</code>${project === deps.config.defaultProject ? ' (default)' : ''}: ` +
      Object.entries(stores)
        .map(([name, { webTracking }]) => `<code>${escape(name)}</code>${webTracking ? '' : ' (Web Tracking off: 401)'}`)
        .join(', ') +
      '</li>',
  );
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sls-webtrack local collector</title>${viewer ? `<link rel="icon" href="${viewer}favicon.svg" type="image/svg+xml">` : ''}</head>
<body>
<h1>sls-webtrack local collector</h1>
<p>A local PutWebTracking endpoint for development and tests.${viewer ? ` The <a href="${viewer}">live viewer</a> shows what arrives.` : ''}</p>
<h2>Projects and logstores</h2>
<p>The project is the Host's (<code>&lt;project&gt;.localhost</code>), else the default.</p>
<ul>
${logstores.join('\n')}
</ul>
<h2>Endpoints</h2>
<ul>
${endpoints.map(([path, what]) => `<li><code>${escape(path)}</code>: ${escape(what)}</li>`).join('\n')}
</ul>
</body>
</html>
`;
  return respond(ex, 200, body, { ...headers, 'content-type': 'text/html; charset=utf-8' });
}
