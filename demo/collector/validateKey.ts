import type { Limits } from './slsLimits.ts';

/** Keys the service sets itself; a log that carries one is rejected (SLS log data model docs). */
const reservedKeys = new Set([
  '__time__',
  '__source__',
  '__topic__',
  '__partition_time__',
  '_extract_others_',
  '__extract_others__',
]);

// ASCII only, so characters = bytes and the length bound is the byte bound.
const keyShape = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why `key` may not be used, or undefined when it may. A log key must be 1–128 bytes of
 * [A-Za-z0-9_], not start with a digit, and not be reserved (the list above, or anything starting
 * with `__tag__`, which is how tags are shown). A tag key (`kind: 'tag'`) follows the same shape
 * rule; reserved names do not apply since it is stored as `__tag__:<key>`.
 */
export function validateKey(key: string, kind: 'log' | 'tag', limits: Limits): string | undefined {
  if (key.length === 0) return 'empty key';
  if (key.length > limits.maxKeyBytes) return `key longer than ${limits.maxKeyBytes} bytes`;
  if (!keyShape.test(key)) return 'key must be [A-Za-z0-9_] and not start with a digit';
  if (kind === 'log' && (reservedKeys.has(key) || key.startsWith('__tag__'))) {
    return 'reserved key';
  }
  return undefined;
}
