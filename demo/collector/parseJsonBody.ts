import { accept, reject, type Verdict } from './Verdict.ts';

// fatal: a lone surrogate encoded as ED A0..BF xx, an overlong form or a stray byte must be an
// error (InvalidEncoding), not silently become U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the uncompressed body as strict UTF-8 and parses it as JSON. Anything JSON.parse
 * throws, including a RangeError on pathological nesting, is PostBodyInvalid.
 */
export function parseJsonBody(raw: Uint8Array): Verdict<unknown> {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return reject('InvalidEncoding', 'body is not valid UTF-8');
  }
  try {
    return accept(JSON.parse(text) as unknown);
  } catch (error) {
    return reject('PostBodyInvalid', `body is not JSON (${(error as Error).name})`);
  }
}
