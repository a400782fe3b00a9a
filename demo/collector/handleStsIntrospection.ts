import type { CollectorDeps } from './CollectorDeps.ts';
import type { Exchange } from './Exchange.ts';
import { respondJson } from './respondJson.ts';
import { respondError } from './respondError.ts';

/** Longest token lifetime `sts/token` issues, seconds (what AssumeRole allows at most). */
const maxTtlSeconds = 43_200;
/** Furthest `sts/clock` shifts the signing clock: a day either way. */
const maxOffsetMs = 24 * 3600 * 1000;

/**
 * The STS part of /_collector/ (already past guardLocal), `name` after `sts/`:
 *
 * - GET  token?ttl=<s>              → {accessKeyId, accessKeySecret, securityToken, expiration}:
 *        temporary credentials under the test key pair, valid ttl seconds (default 3600,
 *        1–43200); the local stand-in for the app's AssumeRole endpoint
 * - POST expire[?accessKeyId=]      → {"expired": n}: every issued token (or that one) expires now
 * - GET  clock                      → {"offsetMs", "now"}
 * - POST clock?offsetMs=<ms>        → {"offsetMs", "now"}: the signing clock (skew check, token
 *        expiry, `Date` of signed answers) runs offsetMs ahead of the real one (negative: behind);
 *        POST reset sets it back to 0
 */
export function handleStsIntrospection(ex: Exchange, deps: CollectorDeps, name: string): void {
  const method = ex.req.method ?? '';
  const query = new URLSearchParams(ex.rawQuery);
  const json = (value: unknown) => respondJson(ex, value);
  const clock = () => json({ offsetMs: deps.sts.offsetMs, now: new Date(deps.sts.now()).toISOString() });

  switch (`${method} ${name}`) {
    case 'GET token': {
      const ttl = query.get('ttl') ?? '3600';
      if (!/^[0-9]{1,5}$/.test(ttl) || Number(ttl) < 1 || Number(ttl) > maxTtlSeconds) {
        return respondError(ex, 'ParameterInvalid', `ttl must be 1–${maxTtlSeconds} seconds`);
      }
      return json(deps.sts.issue(Number(ttl)));
    }

    case 'POST expire':
      return json({ expired: deps.sts.expire(query.get('accessKeyId') ?? undefined) });

    case 'GET clock':
      return clock();

    case 'POST clock': {
      const offset = query.get('offsetMs') ?? '';
      if (!/^-?[0-9]{1,9}$/.test(offset) || Math.abs(Number(offset)) > maxOffsetMs) {
        return respondError(ex, 'ParameterInvalid', `offsetMs must be an integer within ±${maxOffsetMs}`);
      }
      deps.sts.setOffset(Number(offset));
      return clock();
    }

    default:
      return respondError(ex, 'NotFound', `no ${method} /_collector/sts/${name}`);
  }
}
