/** The decoded bytes, or why the block is not a valid LZ4 block of the announced size. */
export type Lz4Result = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** The last 5 bytes of a block are always literals (lz4_Block_format.md, end of block rule 2). */
const lastLiterals = 5;
/** The last match starts at least 12 bytes before the end (rule 3). */
const lastMatchStart = 12;

/**
 * Decodes one raw LZ4 block (no frame, no size prefix: what SLS takes for
 * `x-log-compresstype: lz4`) into exactly `rawSize` bytes. It accepts exactly the blocks that keep
 * the block format's rules (lz4 project, doc/lz4_Block_format.md), so it refuses every block that
 * liblz4's `LZ4_decompress_safe` refuses when given exactly `rawSize` bytes of output, as a C or
 * C++ service decodes a body with `x-log-bodyrawsize` (test/collector/lz4Strictness.test.ts checks
 * this against liblz4 itself). Refused:
 *
 * - a match that starts fewer than 12 bytes before the end, or reaches into the last 5 bytes
 *   (the end of block conditions; every match is checked, so the last one is);
 * - offset 0, or an offset reaching before the start of the output;
 * - a literal run or a match running past the output, a literal run or a length running past the
 *   input; input left over once the output is complete; output short of `rawSize`.
 *
 * liblz4 1.9.4 checks the end of block conditions only on its careful path near the end of the
 * output: its shortcut for short sequences skips them (a match ending 1 byte before the end can
 * pass), and it takes offset 0 as valid (it writes zeros). Blocks that break these rules are
 * refused here all the same: which of them a given liblz4 build lets through depends on its
 * version and path, and its encoder makes none of them, so refusing them rejects no block of a
 * correct encoder.
 *
 * The output buffer is allocated once at `rawSize` (which the caller has already bounded by the
 * body limit), so a hostile block can never make it allocate more. Never throws.
 */
export function decodeLz4Block(input: Uint8Array, rawSize: number): Lz4Result {
  const end = input.length;
  if (!Number.isSafeInteger(rawSize) || rawSize < 0) return fail(`bad size ${rawSize}`);
  // liblz4 takes only the one-byte block 0 (an empty last sequence) for an empty output.
  if (rawSize === 0 && (end !== 1 || input[0] !== 0)) return fail('an empty body must be the block 0x00');
  const out = new Uint8Array(rawSize);
  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= end) return fail('truncated: no token');
    const token = input[ip++]!;

    let literals = token >>> 4;
    if (literals === 15) {
      const length = readLength(input, ip);
      if (length === undefined) return fail('truncated literal length');
      ip = length.next;
      literals += length.value;
    }
    if (literals > end - ip) return fail('truncated literals');
    if (literals > rawSize - op) return fail('literals overrun the announced size');
    out.set(input.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;

    // The last sequence of a block is literals only.
    if (ip === end) break;
    if (op === rawSize) return fail(`${end - ip} bytes of input left over after the last literals`);

    if (end - ip < 2) return fail('truncated offset');
    const offset = input[ip]! | (input[ip + 1]! << 8);
    ip += 2;
    if (offset === 0) return fail(`offset 0 at ${op}`);
    if (offset > op) return fail(`offset ${offset} reaches before the start at ${op}`);
    if (op > rawSize - lastMatchStart) {
      return fail(`a match starts ${rawSize - op} bytes before the end (at least ${lastMatchStart})`);
    }

    let match = token & 15;
    if (match === 15) {
      const length = readLength(input, ip);
      if (length === undefined) return fail('truncated match length');
      ip = length.next;
      match += length.value;
    }
    match += 4;
    if (match > rawSize - op) return fail('match overruns the announced size');
    if (match > rawSize - lastLiterals - op) {
      return fail(`a match at ${op} reaches into the last ${lastLiterals} bytes`);
    }
    copyMatch(out, op, offset, match);
    op += match;
  }
  if (op !== rawSize) return fail(`decoded ${op} bytes, announced ${rawSize}`);
  return { ok: true, bytes: out };
}

/** A length continued in bytes after the token: each 255 means another byte follows. */
function readLength(input: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let byte: number;
  do {
    if (at >= input.length) return undefined;
    byte = input[at++]!;
    value += byte;
  } while (byte === 255);
  return { value, next: at };
}

function copyMatch(out: Uint8Array, at: number, offset: number, length: number): void {
  let from = at - offset;
  if (offset >= length) {
    out.copyWithin(at, from, from + length);
    return;
  }
  // An overlapping copy repeats the last `offset` bytes: byte by byte.
  for (const stop = at + length; at < stop; ) out[at++] = out[from++]!;
}

function fail(reason: string): Lz4Result {
  return { ok: false, reason };
}
