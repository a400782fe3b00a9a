// The LZ4 block encoder of lz4js 0.2.0 (ISC licence, (c) John Chadwick), as a typed ES module.
// lz4js is the project's chosen LZ4 package, but as bundled it costs 2,035 B gzip (the CommonJS
// module keeps its frame format, xxh32 and decompressors) and allocates a 5 MiB buffer and a
// 256 KiB table when it loads; its block encoder alone is 527 B and allocates nothing until used
// (bench/results/size-analysis.md). The output is the same byte for byte: test/unit/compressLz4
// checks it against lz4js itself, which stays as a dev dependency for that.

// Bob Jenkins' integer hash (lz4js's hashU32): full avalanche without a multiply.
const hash = (a: number): number => {
  a = (a + 2127912214 + (a << 12)) | 0;
  a = a ^ -949894596 ^ (a >>> 19);
  a = (a + 374761393 + (a << 5)) | 0;
  a = (a + -744332180) ^ (a << 9);
  a = (a + -42973499 + (a << 3)) | 0;
  return (a ^ -1252372727 ^ (a >>> 16)) | 0;
};
const u32 = (b: Uint8Array, n: number): number => b[n]! | (b[n + 1]! << 8) | (b[n + 2]! << 16) | (b[n + 3]! << 24);

/** Worst-case size of the block for `n` input bytes. */
const compressBound = (n: number): number => (n + n / 255 + 16) | 0;

/**
 * Raw LZ4 block of `src[from, from + length)` into `dst` (at least `compressBound(length)` long);
 * returns its size, or 0 when nothing matched (the data does not compress). `table` must be a
 * zeroed `Uint32Array(65536)`.
 */
function compressBlock(src: Uint8Array, dst: Uint8Array, from: number, length: number, table: Uint32Array): number {
  const end = from + length;
  let s = from;
  let anchor = from;
  let d = 0;
  let n: number;
  // Writes a literal or match length: the token's 4 bits, then 255s and the rest.
  const len = (v: number) => {
    for (n = v - 15; n >= 255; n -= 255) dst[d++] = 255;
    dst[d++] = n;
  };
  if (length >= 13) {
    let step = 67; // (1 << 6) + 3: the skip grows by one every 64 misses
    while (s + 4 < end - 5) {
      const seq = u32(src, s);
      let h = hash(seq) >>> 0;
      h = (((h >> 16) ^ h) >>> 0) & 0xffff;
      let m = table[h]! - 1;
      table[h] = s + 1;
      if (m < 0 || (s - m) >>> 16 > 0 || u32(src, m) !== seq) {
        s += step++ >> 6;
        continue;
      }
      step = 67;
      const literals = s - anchor;
      const offset = s - m;
      s += 4;
      m += 4;
      const start = s;
      while (s < end - 5 && src[s] === src[m]) {
        s++;
        m++;
      }
      const match = s - start;
      const token = match < 15 ? match : 15;
      if (literals >= 15) {
        dst[d++] = 240 + token;
        len(literals);
      } else dst[d++] = (literals << 4) + token;
      for (let i = 0; i < literals; i++) dst[d++] = src[anchor + i]!;
      dst[d++] = offset;
      dst[d++] = offset >> 8;
      if (match >= 15) len(match);
      anchor = s;
    }
  }
  if (anchor === 0) return 0;
  const literals = end - anchor;
  if (literals >= 15) {
    dst[d++] = 240;
    len(literals);
  } else dst[d++] = literals << 4;
  while (anchor < end) dst[d++] = src[anchor++]!;
  return d;
}

/**
 * Raw LZ4 block (no frame, no size prefix), as `x-log-compresstype: lz4` expects; the receiver
 * takes the decompressed size from `x-log-bodyrawsize`. Returns undefined when the data does not
 * compress (no match found, or the block would not be smaller): the caller then sends it raw.
 */
export function compressLz4(raw: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  const out = new Uint8Array(compressBound(raw.length));
  // A fresh, zeroed table per block: positions in it point into this block's data only.
  const size = compressBlock(raw, out, 0, raw.length, new Uint32Array(1 << 16));
  return size > 0 && size < raw.length ? out.subarray(0, size) : undefined;
}
