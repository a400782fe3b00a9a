import type { IncomingHttpHeaders } from 'node:http';
import { parseQueryStrict } from './parseQueryStrict.ts';
import { apiVersion } from './readPostPlan.ts';
import type { Limits } from './slsLimits.ts';
import { accept, reject, type Verdict } from './Verdict.ts';

/**
 * The request-level checks of the GET forms (`/track`, `track.gif`, `track_ua.gif`): a query
 * under 16 KB (else 414, as nginx in front of the service answers), strictly decodable, with
 * APIVersion=0.6.0 (or the x-log-apiversion header). Returns the decoded query pairs.
 */
export function readGetPlan(
  rawQuery: string,
  headers: IncomingHttpHeaders,
  limits: Limits,
): Verdict<Array<[string, string]>> {
  if (rawQuery.length > limits.maxQueryBytes) {
    return reject(
      'RequestURITooLong',
      `query string of ${rawQuery.length} bytes, at most ${limits.maxQueryBytes}`,
    );
  }
  const pairs = parseQueryStrict(rawQuery);
  if (!pairs.ok) return pairs;
  const version = new Map(pairs.value).get('APIVersion') ?? headers['x-log-apiversion'];
  if (version === undefined) return reject('MissingAPIVersion', 'need ?APIVersion=0.6.0');
  if (version !== apiVersion) {
    return reject('InvalidAPIVersion', `APIVersion ${JSON.stringify(version)} is unsupported`);
  }
  return accept(pairs.value);
}
