import { inflateSync } from 'node:zlib';

/** The inflated bytes, or why the zlib stream is not one of the announced size. */
export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Inflates a zlib (RFC 1950) stream that must expand to exactly `rawSize` bytes.
 *
 * `maxOutputLength` makes zlib stop as soon as the output would pass `rawSize`, so a
 * decompression bomb costs at most `rawSize` bytes of memory (bounded by the body limit by the
 * caller) and a few microseconds, not the gigabytes it expands to. Never throws.
 */
export function inflateBounded(input: Uint8Array, rawSize: number): InflateResult {
  try {
    // maxOutputLength must be ≥ 1; an empty announced body still fails the length check below.
    const bytes = inflateSync(input, { maxOutputLength: Math.max(1, rawSize) });
    if (bytes.length !== rawSize) {
      return { ok: false, reason: `inflated ${bytes.length} bytes, announced ${rawSize}` };
    }
    return { ok: true, bytes };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      reason:
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `inflates to more than the announced ${rawSize} bytes`
          : `not a zlib stream (${String(code ?? error)})`,
    };
  }
}
