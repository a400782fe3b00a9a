// An LZ4 block encoder written for this project from the block format (lz4 project,
// doc/lz4_Block_format.md): greedy parsing over a hash table of 4-byte sequences. What the format
// demands at the end of a block, and what liblz4's LZ4_decompress_safe refuses when it is broken:
// the last 5 bytes are literals, and the last match starts at least 12 bytes before the end.

/** Matches start at least this many bytes before the end of the block (end of block rule 3). */
const MATCH_START_MARGIN = 12;
/** The last 5 bytes are always literals (rule 2): matches end at least this far from the end. */
const LAST_LITERALS = 5;
const MIN_MATCH = 4;
/** Offsets are 16 bits: a match reaches at most 65535 bytes back. */
const WINDOW = 65536;
/** 2^14 entries (64 KiB): the fastest of 2^12–2^16 on log bodies, with liblz4's ratio or better. */
const HASH_BITS = 14;
/**
 * After every 2^7 positions without a match, the search advances one byte further per step, so
 * data that does not repeat is crossed quickly. (Every 2^6 misses skipped over repeats in small
 * bodies that liblz4 finds.)
 */
const SKIP_SHIFT = 7;

// Allocated on the first call, then reused: an entry holds `base + position` of the call that
// wrote it. Each call's base is at least WINDOW above every earlier entry, so entries of earlier
// calls (and empty ones) are out of reach, read as no candidate, with no clearing. Entries stay
// below 2^30: past that, a new table (the first call gets here too).
let table!: Int32Array;
let nextBase = 1 << 30;
/**
 * The block of a body up to this size is built in one buffer kept between calls, then copied
 * out: most requests are small, and for them a fresh zeroed buffer per call cost about a third
 * of the time (measured in Chromium). Larger bodies get their own buffer: not kept.
 */
const SCRATCH_BYTES = 1 << 16;
let scratch: Uint8Array | undefined;

// Multiplicative hashing (Knuth): the top bits of the product mix all four bytes.
const hash = (sequence: number): number => Math.imul(sequence, 2654435761) >>> (32 - HASH_BITS);

/**
 * Where the match of `at` against `from` ends, at most `limit`: four bytes at a time (an
 * unaligned DataView read is one load once optimized) to the first byte that differs, the lowest
 * set byte of the XOR as the reads are little-endian. `limit` is 5 bytes before the end, so the
 * last read still lies inside the data.
 */
function matchEnd(view: DataView, at: number, from: number, limit: number): number {
  for (; at < limit; at += 4, from += 4) {
    const diff = view.getInt32(at, true) ^ view.getInt32(from, true);
    if (diff) return Math.min(at + ((31 - Math.clz32(diff & -diff)) >> 3), limit);
  }
  return limit;
}

/** A length past the token's 15: bytes of 255, then the rest. */
function putLength(out: Uint8Array, at: number, length: number): number {
  for (; length >= 255; length -= 255) out[at++] = 255;
  out[at++] = length;
  return at;
}

/** The token (literal count and `matchNibble`), the literal count's extra bytes, the literals. */
function putLiterals(out: Uint8Array, at: number, raw: Uint8Array, from: number, to: number, matchNibble: number): number {
  const count = to - from;
  out[at++] = (count < 15 ? count << 4 : 240) | matchNibble;
  if (count >= 15) at = putLength(out, at, count - 15);
  while (from < to) out[at++] = raw[from++]!;
  return at;
}

/**
 * Raw LZ4 block (no frame, no size prefix), as `x-log-compresstype: lz4` expects; the receiver
 * takes the decompressed size from `x-log-bodyrawsize`. Returns undefined when the block would
 * not be smaller than `raw`: the caller then sends it raw.
 */
export function compressLz4(raw: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  const length = raw.length;
  if (nextBase + length >= 1 << 30) {
    table = new Int32Array(1 << HASH_BITS);
    nextBase = WINDOW;
  }
  const slots = table;
  const base = nextBase;
  nextBase += length + WINDOW;
  const view = new DataView(raw.buffer, raw.byteOffset, length);
  // Only a block smaller than the data is of use, so the buffer holds at least `length` bytes
  // and no more is needed: writes past the end of a typed array are ignored (no error), and a
  // block that grows to `length` is refused below whatever was written past it.
  const out = length > SCRATCH_BYTES ? new Uint8Array(length) : (scratch ||= new Uint8Array(SCRATCH_BYTES));
  const matchStartLimit = length - MATCH_START_MARGIN;
  const matchEndLimit = length - LAST_LITERALS;
  let at = 0;
  let anchor = 0; // first byte not yet written out
  let position = 0;
  let misses = 1 << SKIP_SHIFT;
  while (position <= matchStartLimit) {
    const sequence = view.getInt32(position, true);
    const slot = hash(sequence);
    let ref = slots[slot]! - base;
    slots[slot] = base + position;
    if (position - ref >= WINDOW || view.getInt32(ref, true) !== sequence) {
      position += misses++ >> SKIP_SHIFT;
      continue;
    }
    misses = 1 << SKIP_SHIFT;
    const end = matchEnd(view, position + MIN_MATCH, ref + MIN_MATCH, matchEndLimit);
    // The bytes before the match may match too: taking them shortens the literal run. (At
    // ref 0, raw[-1] is undefined and equals no byte.)
    while (position > anchor && raw[position - 1] === raw[ref - 1]) {
      position--;
      ref--;
    }
    const matchLength = end - position - MIN_MATCH;
    at = putLiterals(out, at, raw, anchor, position, matchLength < 15 ? matchLength : 15);
    const offset = position - ref;
    out[at++] = offset;
    out[at++] = offset >> 8;
    if (matchLength >= 15) at = putLength(out, at, matchLength - 15);
    anchor = position = end;
  }
  // No match at all: literals only would be longer than the data.
  if (!at) return undefined;
  at = putLiterals(out, at, raw, anchor, length, 0);
  return at < length ? out.slice(0, at) : undefined;
}
