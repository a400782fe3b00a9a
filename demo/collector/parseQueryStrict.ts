import { accept, reject, type Verdict } from './Verdict.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a raw query string into name/value pairs, decoding `+` and %-escapes as
 * application/x-www-form-urlencoded does, but strictly: a malformed escape or escaped bytes that
 * are not UTF-8 (e.g. %ED%A0%80, a lone surrogate) are InvalidEncoding. URLSearchParams would
 * turn those into U+FFFD and store a log the service would have refused.
 */
export function parseQueryStrict(rawQuery: string): Verdict<Array<[string, string]>> {
  const pairs: Array<[string, string]> = [];
  if (rawQuery === '') return accept(pairs);
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = decodeComponent(eq === -1 ? '' : part.slice(eq + 1));
    if (name === undefined || value === undefined) {
      return reject('InvalidEncoding', 'query string has malformed or non-UTF-8 %-escapes');
    }
    pairs.push([name, value]);
  }
  return accept(pairs);
}

function decodeComponent(text: string): string | undefined {
  const plain = text.replace(/\+/g, ' ');
  if (!plain.includes('%')) return plain;
  const bytes: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    const char = plain.charCodeAt(i);
    if (char === 0x25 /* % */) {
      const hex = plain.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (char < 0x80) {
      bytes.push(char);
    } else {
      // Unescaped non-ASCII in a URL: keep it as its UTF-8 bytes.
      const end = char >= 0xd800 && char <= 0xdbff ? i + 2 : i + 1;
      for (const byte of Buffer.from(plain.slice(i, end), 'utf8')) bytes.push(byte);
      i = end - 1;
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}
