/**
 * UTF-8 byte length of a string that came out of a fatal UTF-8 decoder (so it holds no lone
 * surrogates). Skips the count when even 3 bytes per UTF-16 unit stay under `atMost`, the
 * common case for short values.
 */
export function utf8Length(text: string, atMost = 0): number {
  if (text.length * 3 <= atMost) return text.length;
  return Buffer.byteLength(text, 'utf8');
}
