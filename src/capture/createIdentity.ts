import { SESSION_KEY, VISITOR_KEY } from '../lib/storageKeys';

export interface Identity {
  /** A random id for this browser, kept until storage is cleared. */
  _visitor(): string;
  /** A random id that is renewed after `timeout` ms without a log; each call is activity. */
  _session(now: number): string;
  /** Removes both ids (opt-out): the next call makes new ones. */
  _forget(): void;
}


/** 96 random bits as 24 hex digits. `getRandomValues`, unlike `randomUUID`, works on http:// pages too. */
export const randomId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => (b + 256).toString(16).slice(1)).join('');

/**
 * Visitor and session ids, kept in localStorage (so that tabs share one session) and in memory,
 * which takes over where storage is missing, blocked or throws (Safari private mode, sandboxed
 * iframes, a full quota). Plain text, not storedRecord's JSON: the ids of earlier versions must
 * still be read. The session is stored as `id.lastActivity`; its last activity is written at most
 * once a second, not at every log.
 */
export function createIdentity(timeout: number, random = randomId): Identity {
  const mem: Record<string, string> = {};
  // `localStorage` itself throws where storage is blocked, and is not defined where there is none.
  const get = (k: string): string | undefined => {
    try {
      return localStorage.getItem(k) ?? mem[k];
    } catch {
      return mem[k];
    }
  };
  /** Stores `v` under `k`, or removes `k` without `v`. */
  const set = (k: string, v?: string): void => {
    if (v) mem[k] = v;
    else delete mem[k];
    try {
      if (v) localStorage.setItem(k, v);
      else localStorage.removeItem(k);
    } catch {
      // Blocked or full storage: the id lives in memory for this page, which is the best there is.
    }
  };
  return {
    _visitor() {
      let id = get(VISITOR_KEY);
      if (!id) set(VISITOR_KEY, (id = random()));
      return id;
    },
    _session(now) {
      const [stored, last] = (get(SESSION_KEY) ?? '').split('.');
      const id = stored && now - Number(last) < timeout ? stored : random();
      if (id != stored || !(Math.abs(now - Number(last)) < 1000)) set(SESSION_KEY, id + '.' + now);
      return id;
    },
    _forget() {
      set(VISITOR_KEY);
      set(SESSION_KEY);
    },
  };
}
