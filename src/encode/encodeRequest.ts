import { nextTask } from '../lib/nextTask';
import type { Compression } from '../types';
import type { BatchMeta } from '../batch/BatchMeta';
import { API_VERSION, QUERY_MODE } from '../lib/apiVersion';
import { buildBody } from '../batch/buildBody';
import { encodeBody } from './encodeBody';

/** An LZ4 block encoder (compressLz4): raw block, or undefined when the data does not compress. */
export type Lz4 = (raw: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> | undefined;

/** One HTTP request, ready for `fetch`. */
export interface EncodedRequest {
  /** Appended to the track URL: `?APIVersion=0.6.0` in query mode, '' in header mode. */
  _query: string;
  _headers: Record<string, string>;
  _body: Uint8Array<ArrayBuffer> | string;
  /** Bytes on the wire (the body as sent). */
  _wire: number;
}

/**
 * Encodes a PutWebTracking body for one of the two ways to send it (README, "The wire contract"):
 * - header mode (`lz4`, `deflate`, or `raw` for an uncompressed header-mode resend): custom
 *   `x-log-*` headers, so cross-origin it costs a CORS preflight;
 * - query mode (`none`): `?APIVersion=0.6.0` and a text/plain body, no custom header, no
 *   preflight; the only mode `sendBeacon` and unload-time keepalive can use.
 * The body is the logs' JSON texts `jsons` in the envelope of `meta` (buildBody); `bytes` is its
 * UTF-8 length, known exactly from normalization. `lz4` is absent in the `sls-webtrack/core`
 * entry, which leaves the encoder out for size: `lz4` then means `deflate`. Falls back to
 * uncompressed header mode when the codec is unavailable or does not help.
 */
export async function encodeRequest(meta: BatchMeta, jsons: string[], bytes: number, compress: Compression | 'raw', lz4?: Lz4): Promise<EncodedRequest> {
  if (compress === 'none') {
    return { _query: QUERY_MODE, _headers: {}, _body: buildBody(meta, jsons), _wire: bytes };
  }
  const raw = await encodeBody(meta, jsons, bytes);
  const headers: Record<string, string> = {
    'x-log-apiversion': API_VERSION,
    'x-log-bodyrawsize': String(raw.length),
  };
  let packed: Uint8Array<ArrayBuffer> | undefined;
  if (compress === 'lz4' && lz4) {
    // A big body: encoding it and compressing it are each some tens of ms of main thread; give
    // the page a task boundary between the two rather than one long task.
    if (raw.length > 262_144) await nextTask();
    packed = lz4(raw);
  } else if (compress !== 'raw' && typeof CompressionStream === 'function') {
    compress = 'deflate';
    packed = await deflate(raw);
    if (packed.length >= raw.length) packed = undefined;
  }
  if (packed) headers['x-log-compresstype'] = compress;
  const out = packed ?? raw;
  return { _query: '', _headers: headers, _body: out, _wire: out.length };
}

async function deflate(raw: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  // 'deflate' in CompressionStream is the zlib wrapper (RFC 1950), which is what SLS expects.
  const stream = new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
