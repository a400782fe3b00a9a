// Test helper (not a test file): just enough of a page for createTracker in Node. `window` and
// `document` are event targets, localStorage lives in memory, IndexedDB is fake-indexeddb, and
// fetch is recorded and answered by a script the test sets. Each test file runs in its own
// process (node --test), so the globals set here stay within one file.
import 'fake-indexeddb/auto';
import { MemoryStorage } from './MemoryStorage.ts';

/** One request the tracker made. */
export interface FetchCall {
  url: string;
  keepalive: boolean;
  /** The body's JSON, as text (the tests use compress: 'none'). */
  body: string;
  /** The `i` field of each log in it (tests track `{ i }`). */
  ids: string[];
}

export interface FakePage {
  storage: MemoryStorage;
  calls: FetchCall[];
  /** Answers the next requests; may return a promise to hold the answer. */
  answer: (call: FetchCall) => Response | Promise<Response>;
  /** Another tab of the origin wrote `key` (the `storage` event, which only other tabs see). */
  otherTabWrites(key: string, value: string | null): void;
  /** Fires an event on `window`. */
  fire(type: string, init?: Record<string, unknown>): void;
}

const ok = () => new Response(null, { status: 200 });

/** An answer with the service's error body. */
export const answerWith = (status: number, errorCode = '', headers: Record<string, string> = {}): Response =>
  new Response(errorCode ? JSON.stringify({ errorCode, errorMessage: errorCode }) : null, { status, headers });

export function installPage(): FakePage {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const storage = new MemoryStorage();
  const g = globalThis as Record<string, unknown>;
  g.window = win;
  g.document = doc;
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => storage });
  const page: FakePage = {
    storage,
    calls: [],
    answer: ok,
    otherTabWrites(key, value) {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
      page.fire('storage', { key, newValue: value });
    },
    fire(type, init = {}) {
      win.dispatchEvent(Object.assign(new Event(type), init));
    },
  };
  g.fetch = async (url: string, init: RequestInit) => {
    const body = typeof init.body === 'string' ? init.body : new TextDecoder().decode(init.body as Uint8Array);
    let ids: string[] = [];
    try {
      ids = (JSON.parse(body) as { __logs__: Array<{ i?: string }> }).__logs__.map((l) => String(l.i));
    } catch {
      // not JSON: a compressed body (these tests send uncompressed)
    }
    const call: FetchCall = { url, keepalive: !!init.keepalive, body, ids };
    page.calls.push(call);
    return page.answer(call);
  };
  return page;
}

/** Waits `ms` of real time. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` (real time) until it holds; fails after `timeoutMs`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for: ${what}`);
}

export const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
};
