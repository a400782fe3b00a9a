import { compressBlock, compressBound } from 'lz4js';

/**
 * Raw LZ4 block (no frame, no size prefix), as `x-log-compresstype: lz4` expects; the receiver
 * takes the decompressed size from `x-log-bodyrawsize`. Returns undefined when the data does not
 * compress (lz4js reports 0, or the block would not be smaller): the caller then sends it raw.
 */
export function compressLz4(raw: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  const out = new Uint8Array(compressBound(raw.length));
  // A fresh, zeroed table per block: lz4js keys positions by table content, so a reused table
  // would point matches into another block's data.
  const size = compressBlock(raw, out, 0, raw.length, new Uint32Array(1 << 16));
  return size > 0 && size < raw.length ? out.subarray(0, size) : undefined;
}
