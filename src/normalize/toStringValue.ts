import { fixSurrogates } from './fixSurrogates';
import { MAX_DEPTH, MAX_NODES } from '../lib/limits';

/**
 * Turn any value into the string SLS stores (values are strings only). Never throws; the result
 * has no lone surrogates.
 *
 * | input                                   | result                                              |
 * |-----------------------------------------|-----------------------------------------------------|
 * | `undefined`, function, symbol           | `undefined`: the field is dropped                   |
 * | string                                  | itself (lone surrogates → U+FFFD)                   |
 * | number, boolean                         | `String(v)`: `"1.5"`, `"NaN"`, `"Infinity"`, `"true"` |
 * | bigint                                  | decimal: `123n` → `"123"`                           |
 * | `null`                                  | `"null"`                                            |
 * | Date                                    | ISO string; invalid → `"Invalid Date"`              |
 * | Error (also subclasses)                 | JSON `{"name","message","stack","cause"?}`, own props ignored |
 * | object with `toJSON()`                  | its result, converted by these rules                |
 * | Map / Set                               | JSON array of `[key, value]` entries / of values    |
 * | typed array                             | JSON array of its numbers (BigInt64 → strings)      |
 * | array, other object                     | JSON; own enumerable string keys (symbol keys ignored) |
 *
 * Inside objects and arrays: the same rules, except that numbers stay JSON numbers (NaN and ±Infinity
 * become `"NaN"`, `"Infinity"`, not JSON's `null`), a dropped value is omitted from an object and
 * `null` in an array (as JSON does), and
 *
 * | inside                                  | becomes                                             |
 * |-----------------------------------------|-----------------------------------------------------|
 * | object already on the path to it (cycle)| `"[Circular]"` (a shared, non-cyclic one is repeated) |
 * | object deeper than MAX_DEPTH (20)       | `"[Depth]"`                                         |
 * | value after MAX_NODES (100,000) visited | `"[Truncated]"`, and the walk stops                 |
 * | getter / Proxy trap throwing on read    | `"[Unserializable: <message>]"` for that property   |
 *
 * An object that throws as a whole (Proxy throwing on ownKeys, revoked Proxy, throwing toJSON, a
 * Proxy whose `get` trap always throws: it fails on reading `toJSON`), or whose JSON would exceed
 * the engine's string length, becomes `"[Unserializable: <message>]"`, at the top level too.
 */
export function toStringValue(v: unknown): string | undefined {
  // Most values are strings: no walk state for them (two allocations a field, every track()).
  if (typeof v == 'string') return fixSurrogates(v);
  const r = prep(v, { _p: [], _n: MAX_NODES });
  if (r === undefined || typeof r == 'string') return r;
  try {
    // A plain tree: only the engine's string length limit can make this throw (huge strings
    // repeated many times).
    return JSON.stringify(r);
  } catch (e) {
    return unserializable(e);
  }
}

/** Walk state: the objects on the current path (cycle test) and the nodes left to visit. */
interface Walk {
  _p: unknown[];
  _n: number;
}

const ERROR_KEYS = ['name', 'message', 'stack', 'cause'];

/** Copy `v` into plain JSON-safe data; `undefined` means "drop". */
function prep(v: unknown, w: Walk): unknown {
  if (--w._n < 0) return '[Truncated]';
  const t = typeof v;
  if (t == 'string') return fixSurrogates(v as string);
  if (t == 'number') return isFinite(v as number) ? v : String(v);
  if (t == 'bigint') return String(v);
  if (t == 'boolean' || v === null) return v;
  if (t != 'object') return undefined;
  const p = w._p;
  if (p.includes(v)) return '[Circular]';
  // Also what keeps a 10,000-deep object from overflowing the stack.
  if (p.length >= MAX_DEPTH) return '[Depth]';
  p.push(v);
  try {
    return container(v as object, w);
  } catch (e) {
    return unserializable(e);
  } finally {
    p.pop();
  }
}

function container(v: object, w: Walk): unknown {
  // Type tests are on `v` so that they do not narrow `o`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading arbitrary props of a hostile object is the point; every read is inside a try
  let o: any = v;
  if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof Error) {
    // name, message and stack are not own-enumerable (or live on the prototype): copy them.
    const e: Record<string, unknown> = {};
    for (const k of ERROR_KEYS) if (k in v) e[k] = o[k];
    o = e;
  } else if (typeof o.toJSON == 'function') return prep(o.toJSON(), w);
  else if (v instanceof Map || v instanceof Set) o = [...v];
  else if (ArrayBuffer.isView(v)) o = Array.from(o);
  const a = Array.isArray(o);
  // Null prototype: a `__proto__` key is data, not the prototype.
  const r = a ? [] : Object.create(null);
  for (const k of a ? o.keys() : Object.keys(o)) {
    if (w._n < 0) break;
    let x;
    try {
      x = prep(o[k], w);
    } catch (e) {
      x = unserializable(e);
    }
    if (a || x !== undefined) r[a ? k : fixSurrogates(k)] = x;
  }
  return r;
}

function unserializable(e: unknown): string {
  try {
    return '[Unserializable: ' + fixSurrogates(String(e instanceof Error ? e.message : e)) + ']';
  } catch {
    return '[Unserializable]';
  }
}
