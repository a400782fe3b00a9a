/**
 * A JSON record of the tracker's in the page's localStorage, shared by the tabs of the origin.
 * Storage may be missing (a worker, Node), blocked (a sandboxed iframe, the user's settings: even
 * reading `localStorage` throws), or full (the host page's data); another tab, an old version or
 * the page itself may have written anything under the key. None of that throws out of here:
 *
 * - `storedRecord(key)` reads: the parsed value, `null` when there is none, `undefined` when it
 *   cannot be read (not JSON, storage blocked or missing). It is `unknown`: check its shape.
 * - `storedRecord(key, value)` writes `value` as JSON; `null` removes the key. Returns `true` once
 *   the storage has taken it, `undefined` when it has not (full, blocked or missing).
 */
export function storedRecord(key: string): unknown;
export function storedRecord(key: string, value: unknown): true | undefined;
export function storedRecord(key: string, value?: unknown): unknown {
  try {
    // Throws where storage is blocked, and is not defined where there is none.
    const s = localStorage;
    if (value === undefined) return JSON.parse(s.getItem(key)!);
    if (value === null) s.removeItem(key);
    else s.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return undefined;
  }
}
