/**
 * `String(v)` that never throws: `String(Object.create(null))`, a throwing `toString` or
 * `Symbol.toPrimitive`, a revoked Proxy all do, and a tracker reporting what went wrong must not
 * throw while reporting it. For the debug log's text, so it is used inside `DEBUG_BUILD` branches.
 */
export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}
