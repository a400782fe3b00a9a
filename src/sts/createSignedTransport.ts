import type { Answer, Transport } from '../send/createTransport';
import type { EncodedRequest } from '../encode/encodeRequest';
import type { Reporter } from '../tracker/createReporter';
import type { StsCredentials } from '../types';
import { createCredentialCache } from './createCredentialCache';
import { signRequest } from './signRequest';
import { API_VERSION } from '../lib/apiVersion';
import { KEEPALIVE_BUDGET } from '../lib/limits';
import { nextTask } from '../lib/nextTask';
import { DEBUG_BUILD } from '../lib/debugBuild';

const answer = (status: number, code: string, retryAfter: string | null = null): Answer => ({ _status: status, _code: code, _retryAfter: retryAfter });

/**
 * The transport of `sls-webtrack/sts`: every request a signed `POST /logstores/<logstore>`
 * (PostLogStoreLogs; never PutWebTracking's anonymous `/track`), signed when it leaves, with
 * credentials from `provider` (createCredentialCache) and the service's clock: the `Date` of its
 * answers corrects ours. A 401 (the token expired or was revoked early) or a RequestTimeExpired
 * (our clock was off) is tried once more at once, with fresh credentials or the corrected clock;
 * the answer after that is delivery's to judge. A provider that fails, or credentials that cannot
 * sign (no WebCrypto outside secure contexts), are reported (once until it works again) and
 * answer like a network error: the batch waits with the tracker's backoff.
 *
 * No sendBeacon (`_beacon` takes nothing): a signed request needs headers. At pagehide what is
 * queued stays in the store for the next visit; while the page is only hidden, delivery's
 * keepalive sends go out signed like any other (a preflighted keepalive fetch).
 */
export function createSignedTransport(trackUrl: string, timeoutMs: number, provider: () => Promise<StsCredentials>, reporter: Pick<Reporter, '_error' | '_debug'>): Transport {
  const url = trackUrl.slice(0, -6); // without '/track'
  const path = url.replace(/^\w+:\/\/[^/]*/, '');
  let skew = 0;
  const now = () => Date.now() + skew;
  const cache = createCredentialCache(provider, now);
  let pending = 0;
  let failing = false;

  /** One signed request, and what it answered; `_c` the credentials it was signed with. */
  const post = async (headers: Record<string, string>, body: Uint8Array<ArrayBuffer>, keepalive: boolean, signal: AbortSignal): Promise<Answer & { _c?: StsCredentials }> => {
    let c: StsCredentials;
    let signed: Record<string, string>;
    try {
      c = await cache._get();
      // Fails too where there is no WebCrypto (not a secure context) or on a secret it refuses (empty).
      signed = await signRequest(headers, body, path, c, new Date(now()).toUTCString());
      failing = false;
    } catch {
      const why = DEBUG_BUILD ? ' (credentials() failed, or no WebCrypto: https or localhost only); logs wait, retried with backoff' : '';
      if (!failing) reporter._error(0, 'CredentialsUnavailable', `cannot sign${why}`);
      failing = true;
      return answer(0, 'CredentialsUnavailable');
    }
    const res = await fetch(url, { method: 'POST', headers: signed, body, keepalive, signal, credentials: 'omit' });
    const date = Date.parse(res.headers.get('date')!);
    if (date) skew = date - Date.now();
    let code = '';
    try {
      if (res.ok) await res.arrayBuffer();
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value is acceptable here
      else code = String(((await res.json()) as { errorCode?: unknown }).errorCode ?? '');
    } catch {
      // A body that is not JSON: the status decides alone.
    }
    return { ...answer(res.status, code, res.headers.get('retry-after')), _c: c };
  };

  return {
    _fits: (bytes) => pending + bytes <= KEEPALIVE_BUDGET,
    async _send(req: EncodedRequest, keepalive) {
      let { _headers: headers, _body: body } = req;
      // Query mode (unload sends) has no signed form: the same body in header mode, uncompressed.
      if (typeof body == 'string') {
        body = new TextEncoder().encode(body);
        headers = { 'x-log-apiversion': API_VERSION, 'x-log-bodyrawsize': String(body.length) };
      }
      const bytes = keepalive ? body.length : 0;
      pending += bytes;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        let a = await post(headers, body, keepalive, abort.signal);
        if (a._status == 401 || a._code == 'RequestTimeExpired') {
          if (a._status == 401) cache._refused(a._c!);
          if (DEBUG_BUILD) reporter._debug(`signed request refused (${a._status} ${a._code}): once more with fresh credentials and the service's clock`);
          a = await post(headers, body, keepalive, abort.signal);
        }
        return answer(a._status, a._code, a._retryAfter);
      } catch {
        // As createTransport: a keepalive fetch rejected by the unload; act on it a task later.
        await nextTask();
        return answer(0, 'NetworkError');
      } finally {
        clearTimeout(timer);
        pending -= bytes;
      }
    },
    _beacon: () => false,
    _pending: () => pending,
    _restored: () => undefined,
  };
}
