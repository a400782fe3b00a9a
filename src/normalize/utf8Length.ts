/**
 * Exact UTF-8 byte length of `s`, without allocating an encoded copy. A lone surrogate counts 3
 * bytes, as every encoder (TextEncoder, Buffer) writes it as U+FFFD.
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n +=
      c < 0x80
        ? 1
        : c < 0x800
          ? 2
          : (c & 0xfc00) == 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) == 0xdc00
            ? (i++, 4)
            : 3;
  }
  return n;
}
