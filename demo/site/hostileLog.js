// @ts-check
/**
 * A log built to break naive code on the way: a value over the service's 1 MB limit (the tracker
 * cuts it and says so in the value), characters outside the BMP, a lone surrogate (invalid in
 * UTF-8: the tracker replaces it), markup that runs script if anything on the way renders it as
 * HTML, a cycle, a BigInt (JSON.stringify throws on both), deep nesting, values JSON drops, and
 * keys the service refuses (the tracker renames them).
 * @returns {Record<string, unknown>}
 */
export function hostileLog() {
  /** @type {Record<string, unknown>} */
  const circular = { name: 'circular' };
  circular.self = circular;
  /** @type {Record<string, unknown>} */
  const deep = {};
  let level = deep;
  for (let i = 0; i < 30; i++) level = /** @type {Record<string, unknown>} */ (level.next = {});
  return {
    event: 'hostile',
    huge: 'x'.repeat(2 * 1024 * 1024),
    emoji: 'emoji 👩‍💻🚀 and 中文 and العربية',
    lone_surrogate: 'before\uD800after',
    html: '<img src=x onerror=alert(1)>',
    script: '</script><script>alert(2)</script>',
    nested: { a: { b: [1, 2, { c: 'three' }] } },
    deep,
    circular,
    bigint: 12345678901234567890n,
    not_json: [undefined, () => 1, Symbol('s'), NaN, new Date(0)],
    'key with spaces & ünïcödé': 'the key is renamed',
    __topic__: 'a reserved key, renamed',
  };
}
