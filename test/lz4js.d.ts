// lz4js ships no types. Only the block API is used: it is what PutWebTracking's
// `x-log-compresstype: lz4` expects (raw block, no frame).
declare module 'lz4js' {
  /** Worst-case compressed size of `n` input bytes. */
  export function compressBound(n: number): number;
  /**
   * Compress `src[sIndex..sIndex+sLength)` into `dst` as a raw LZ4 block.
   * Returns the compressed length, or 0 when the data does not compress.
   */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  export function makeHashTable(): Uint32Array;
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
}
