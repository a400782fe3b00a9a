import { nextTask } from '../lib/nextTask';
import type { EncodedRequest } from '../encode/encodeRequest';
import { KEEPALIVE_BUDGET } from '../lib/limits';
import { BEACON_HOLD_MS } from '../lib/timings';

/** What came back: an HTTP status (0 for a network error or timeout) and the service's error code. */
export interface Answer {
  _status: number;
  _code: string;
  _retryAfter: string | null;
}

export interface Transport {
  /** Whether a keepalive body of this size fits what is left of the budget now. */
  _fits(bytes: number): boolean;
  /** POSTs with fetch; `keepalive` only where the caller has checked the budget (`_fits`). */
  _send(req: EncodedRequest, keepalive: boolean): Promise<Answer>;
  /**
   * sendBeacon in query mode, for `pagehide`: unlike a keepalive fetch, it says synchronously
   * whether the browser took the request. Returns false when it did not (or there is no beacon).
   */
  _beacon(query: string, body: string, bytes: number): boolean;
  /** Bytes of keepalive bodies in flight and of beacons sent in the last BEACON_HOLD_MS. */
  _pending(): number;
  /**
   * The page is back from the back/forward cache: the beacons it sent when it went have had the
   * whole stay to complete, and stop counting. Held on, two quick round trips of ~20 KB each left
   * a third only a third of the budget (issue 22).
   */
  _restored(): void;
}

/**
 * The page's requests, and its share of the keepalive budget: a keepalive fetch holds its bytes
 * until it settles; a beacon, whose end nobody sees, for BEACON_HOLD_MS. Counting beacons for
 * ever meant that a page restored from the back/forward cache a few times had spent the budget
 * for the rest of its life. `now` is a monotonic clock (ms).
 */
export function createTransport(url: string, timeoutMs: number, now: () => number = () => performance.now()): Transport {
  let pending = 0;
  /** Beacons sent lately, [bytes, when]. */
  let beacons: Array<[number, number]> = [];
  const inFlight = (): number => {
    const t = now();
    beacons = beacons.filter(([, at]) => t - at < BEACON_HOLD_MS);
    return beacons.reduce((n, [bytes]) => n + bytes, pending);
  };

  return {
    _fits: (bytes) => inFlight() + bytes <= KEEPALIVE_BUDGET,
    async _send(req, keepalive) {
      // Chrome gives a keepalive request's share of its 64 KiB quota back only once the response
      // has been read to the end, a few ms after fetch() resolves: a beacon at pagehide that we
      // counted as fitting was refused. So the share is held until the body has been read.
      let owed = keepalive;
      if (keepalive) pending += req._wire;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const res = await fetch(url + req._query, {
          method: 'POST',
          headers: req._headers,
          body: req._body,
          keepalive,
          signal: abort.signal,
          credentials: 'omit',
        });
        let code = '';
        if (!res.ok) {
          try {
            // Whatever a hostile body puts there becomes a string: an unknown code, handled as such.
            // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value is acceptable here
            code = String(((await res.json()) as { errorCode?: unknown }).errorCode ?? '');
          } catch {
            // A body that is not JSON (a proxy's error page, say): the status decides alone.
          }
        } else if (owed) {
          // A 200 is acted on at once (the page may be unloading: every ms counts), its empty
          // body read meanwhile, and only then the share given back: the drain owes it now.
          owed = false;
          void res.arrayBuffer().catch(() => undefined).finally(() => (pending -= req._wire));
        }
        return { _status: res.status, _code: code, _retryAfter: res.headers.get('retry-after') };
      } catch {
        // Chrome rejects a keepalive fetch when its page unloads, though the request goes on and
        // may well be accepted. The rejection can be handled inside the `pagehide` dispatch; wait a
        // task so that the page's own `pagehide` work has run before anyone acts on it.
        await nextTask();
        return { _status: 0, _code: 'NetworkError', _retryAfter: null };
      } finally {
        clearTimeout(timer);
        if (owed) pending -= req._wire;
      }
    },
    _beacon(query, body, bytes) {
      if (typeof navigator.sendBeacon !== 'function') return false;
      let ok: boolean;
      try {
        // text/plain keeps it a CORS-safelisted request: no preflight, which could not run now.
        ok = navigator.sendBeacon(url + query, new Blob([body], { type: 'text/plain' }));
      } catch {
        ok = false;
      }
      // The browser gives the beacon's share back when it completes, which we never see: we do
      // after BEACON_HOLD_MS, in time for the page's next unload if it comes back from the cache.
      if (ok) beacons.push([bytes, now()]);
      return ok;
    },
    _pending: inFlight,
    _restored: () => void (beacons = []),
  };
}
