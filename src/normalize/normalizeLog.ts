import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../lib/limits';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { fixSurrogates } from './fixSurrogates';
import { sanitizeKey } from './sanitizeKey';
import { toStringValue } from './toStringValue';
import { utf8Length } from './utf8Length';

/** One log, serialised once and measured once: the assembly never re-serialises. */
export interface NormalizedLog {
  /** JSON object text of the log: string values only, valid UTF-8 once encoded. */
  _json: string;
  /** Exact UTF-8 byte length of `_json`; Infinity (and `_json` empty) beyond the engine's string length. */
  _bytes: number;
  /** What normalization changed (renamed keys, truncated values), for the debug log (debug build only). */
  _notes?: string[];
}

/** The tracker's own fields of a log: client time (epoch ms) and a unique id. */
export interface LogStamp {
  ts: number;
  id: string;
}

/** Whether `n` is one of the tracker's own fields (always last in a log; a user key with these names gets a suffix). */
const own = (n: string): boolean => n == '_ts' || n == '_id';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Whether `s` is all ASCII, so that its UTF-8 length is its length (one regex scan, no loop). */
const NON_ASCII = /[^\0-\x7f]/;

/**
 * The record to read fields from, and its keys: see normalizeLog's table. A non-record, or a
 * hostile one (a Proxy whose traps throw, a revoked one), becomes `{ message: input }`:
 * toStringValue turns it into its text, or its marker.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading any prop of any value is the point; every read is inside a try
function fieldsOf(input: unknown): [any, string[]] {
  try {
    if (input instanceof Error) return [input, ['name', 'message', 'stack', 'cause'].filter((k) => k in input)];
    if (
      input &&
      typeof input == 'object' &&
      !(Array.isArray(input) || input instanceof Date || input instanceof Map || input instanceof Set || ArrayBuffer.isView(input))
    )
      return [input, Object.keys(input)];
  } catch {
    // hostile: below
  }
  return [{ message: input }, ['message']];
}

/** `v`, of `len` UTF-8 bytes, cut at a code point to end in `…[truncated len bytes]` within `max`. */
function truncate(v: string, len: number, max: number): string {
  let m = `…[truncated ${len} bytes]`;
  let room = max - utf8Length(m);
  if (room < 0) {
    m = '';
    room = max;
  }
  // encodeInto writes whole code points only: `read` is a cut that splits no pair.
  return v.slice(0, new TextEncoder().encodeInto(v, new Uint8Array(room)).read) + m;
}

/**
 * Turn whatever the user tracks into one SLS log, serialised once. Never throws.
 *
 * | input                                             | fields                                   |
 * |---------------------------------------------------|------------------------------------------|
 * | object (not array, Date, Map, Set, typed array)   | its own enumerable string keys (symbol keys ignored) |
 * | Error (also subclasses)                           | `name`, `message`, `stack`, and `cause` if present |
 * | anything else (string, number, array, null, Date…) | `message` = toStringValue(input)         |
 * | object whose keys cannot be listed (Proxy, revoked)| `message` = `"[Unserializable: …]"`      |
 *
 * Then: each key goes through sanitizeKey; a key landing on a name already used (or on `_ts`,
 * `_id`) gets `_2`, `_3`… (renamed, never merged; still ≤ 128 bytes). Each value goes through
 * toStringValue; `undefined` drops the field; a throwing read gives `"[Unserializable: …]"`. A
 * value over `maxValueBytes` UTF-8 bytes is cut at a code point boundary and ends with
 * `…[truncated N bytes]` (N = its full size), all within `maxValueBytes`. Last come `_ts` (client
 * epoch ms: the service overwrites `__time__` with the arrival time) and `_id` (tells a resent
 * duplicate apart).
 */
export function normalizeLog(input: unknown, stamp: LogStamp, maxValueBytes = MAX_VALUE_BYTES): NormalizedLog {
  let notes: string[] | undefined;
  const [rec, keys] = fieldsOf(input);
  // The fields as they go out: string values under sanitized keys, in order (none is integer-like,
  // so JSON keeps the order). Serialized at once below, which is faster than field by field. Its
  // own keys are the names taken so far. (A plain object: V8 keeps one without a prototype in
  // dictionary mode, 20 % slower to fill and serialize.)
  const out: Record<string, string> = {};
  // UTF-8 bytes beyond one a UTF-16 unit, over all values: the JSON's own characters (keys,
  // quotes, escapes) are ASCII, and fixed values have no lone surrogate for JSON to escape, so
  // the JSON's UTF-8 size is its length plus this. Counted on the few non-ASCII values rather
  // than by a second pass over the whole text.
  let extra = 0;
  try {
    for (const k of keys) {
      let v: string | undefined;
      try {
        v = toStringValue(rec[k]);
      } catch (e) {
        // The read itself threw (getter, Proxy `get` trap). Rethrown from a toJSON, toStringValue
        // turns it into its own marker: one marker format, written once.
        v = toStringValue({
          toJSON() {
            throw e;
          },
        });
      }
      if (v === undefined) continue;
      let n = sanitizeKey(k);
      for (let i = 2, base = n; hasOwn(out, n) || own(n); i++)
        n = base.slice(0, MAX_KEY_BYTES - String(i).length - 1) + '_' + i;
      if (DEBUG_BUILD && n !== k) (notes ||= []).push(`renamed key "${k}" to "${n}"`);
      // A UTF-16 unit is at most 3 UTF-8 bytes: most values skip the byte count.
      const len = v.length * 3 > maxValueBytes ? utf8Length(v) : 0;
      if (len > maxValueBytes) {
        v = truncate(v, len, maxValueBytes);
        if (DEBUG_BUILD) (notes ||= []).push(`truncated value of "${n}" from ${len} bytes`);
      }
      if (NON_ASCII.test(v)) extra += utf8Length(v) - v.length;
      // A `__proto__` key is data here, not the prototype.
      if (n == '__proto__') Object.defineProperty(out, n, { value: v, enumerable: true, writable: true, configurable: true });
      else out[n] = v;
    }
  } catch (e) {
    if (DEBUG_BUILD) (notes ||= []).push(`fields dropped: ${String(e)}`);
  }
  // The wire fields, last; `_ts` and `_id` are reserved from mangling (rollup.config.mjs).
  out._ts = String(stamp.ts);
  const id = fixSurrogates(String(stamp.id));
  if (NON_ASCII.test(id)) extra += utf8Length(id) - id.length;
  out._id = id;
  let _json = '';
  let _bytes = Infinity;
  try {
    _json = JSON.stringify(out);
    _bytes = _json.length + extra;
  } catch (e) {
    // Only the engine's limits get here: a log beyond the maximum string length, hundreds of
    // times larger than any request may be. Its size says so: it is dropped as `tooLarge`.
    if (DEBUG_BUILD) (notes ||= []).push(`too large to serialize: ${String(e)}`);
  }
  const r: NormalizedLog = { _json, _bytes };
  if (notes) r._notes = notes;
  return r;
}
