/** The decoded bytes, or why the block is not a valid LZ4 block of the announced size. */
export type Lz4Result = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Decodes one raw LZ4 block (no frame, no size prefix: what SLS takes for
 * `x-log-compresstype: lz4`) into exactly `rawSize` bytes.
 *
 * The output buffer is allocated once at `rawSize` (which the caller has already bounded by the
 * body limit), so a hostile block can never make it allocate more: any literal or match that
 * would write past it, any offset reaching before the start of the output, and any truncation is
 * a failure, as is a block that ends early or does not end with a literal run (liblz4's
 * `LZ4_decompress_safe` rejects those too). Never throws.
 */
export function decodeLz4Block(input: Uint8Array, rawSize: number): Lz4Result {
  if (!Number.isSafeInteger(rawSize) || rawSize < 0) return fail(`bad size ${rawSize}`);
  const out = new Uint8Array(rawSize);
  const end = input.length;
  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= end) return fail('truncated: no token');
    const token = input[ip++]!;

    let literals = token >>> 4;
    if (literals === 15) {
      let byte: number;
      do {
        if (ip >= end) return fail('truncated literal length');
        byte = input[ip++]!;
        literals += byte;
      } while (byte === 255);
    }
    if (literals > end - ip) return fail('truncated literals');
    if (literals > rawSize - op) return fail('literals overrun the announced size');
    out.set(input.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;

    // The last sequence of a block is literals only.
    if (ip === end) break;

    if (end - ip < 2) return fail('truncated offset');
    const offset = input[ip]! | (input[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op) return fail(`offset ${offset} out of range at ${op}`);

    let match = token & 15;
    if (match === 15) {
      let byte: number;
      do {
        if (ip >= end) return fail('truncated match length');
        byte = input[ip++]!;
        match += byte;
      } while (byte === 255);
    }
    match += 4;
    if (match > rawSize - op) return fail('match overruns the announced size');

    let from = op - offset;
    if (offset >= match) {
      out.copyWithin(op, from, from + match);
      op += match;
    } else {
      // Overlapping copy repeats the last `offset` bytes: must go byte by byte.
      for (const stop = op + match; op < stop; ) out[op++] = out[from++]!;
    }
  }
  if (op !== rawSize) return fail(`decoded ${op} bytes, announced ${rawSize}`);
  return { ok: true, bytes: out };
}

function fail(reason: string): Lz4Result {
  return { ok: false, reason };
}
