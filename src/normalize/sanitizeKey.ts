import { MAX_KEY_BYTES, RESERVED_KEY_PREFIX, RESERVED_KEYS } from '../lib/limits';

const VALID = /^[A-Za-z_]\w{0,127}$/;

const reserved = (k: string): boolean => RESERVED_KEYS.includes(k) || k.startsWith(RESERVED_KEY_PREFIX);

/**
 * Make `key` a key SLS accepts (`InvalidKey` otherwise), deterministically:
 *
 * | rule                                                 | example                            |
 * |------------------------------------------------------|------------------------------------|
 * | valid and not reserved: unchanged                    | `user_id` → `user_id`              |
 * | each character outside `[A-Za-z0-9_]` → `_` (a surrogate pair, lone surrogate or any other code point is one character) | `a.b-c d` → `a_b_c_d`, `价格` → `__`, `😀` → `_` |
 * | empty, or starting with a digit → `_` in front       | `` → `_`, `1st` → `_1st`           |
 * | reserved after that → `user` in front                | `__time__` → `user__time__`, `__tag__:x` → `user__tag___x` |
 * | then cut to 128 bytes (the key is ASCII by now)      | 200 × `a` → 128 × `a`              |
 */
export function sanitizeKey(key: string): string {
  if (VALID.test(key) && !reserved(key)) return key;
  let k = key.replace(/\W/gu, '_');
  if (!/^[A-Za-z_]/.test(k)) k = '_' + k;
  return (reserved(k) ? 'user' + k : k).slice(0, MAX_KEY_BYTES);
}
