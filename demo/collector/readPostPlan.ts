import type { IncomingHttpHeaders } from 'node:http';
import type { Limits } from './slsLimits.ts';
import { accept, reject, type Verdict } from './Verdict.ts';

export type CompressType = 'none' | 'lz4' | 'deflate';

/** How a POST body is to be read, decided from its headers and query before reading it. */
export interface PostPlan {
  /** header: x-log-* headers (the API page); query: ?APIVersion=0.6.0, plain JSON, no custom headers. */
  mode: 'header' | 'query';
  compressType: CompressType;
  /** x-log-bodyrawsize in header mode; null in query mode, where the body is its own raw form. */
  rawSize: number | null;
  /** Most body bytes accepted on the wire. */
  maxWireBytes: number;
}

export const apiVersion = '0.6.0';

/**
 * Reads the mode, compression and announced size of a POST, so an oversized or malformed request
 * is refused before its body is read.
 *
 * The x-log-apiversion header selects header mode even when ?APIVersion is also present; in query
 * mode x-log-* headers are ignored (the mode exists for clients that cannot send them).
 */
export function readPostPlan(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  limits: Limits,
): Verdict<PostPlan> {
  const headerVersion = header(headers, 'x-log-apiversion');
  if (headerVersion === undefined) {
    const queryVersion = query.get('APIVersion');
    if (queryVersion === null) {
      return reject('MissingAPIVersion', 'need x-log-apiversion: 0.6.0 or ?APIVersion=0.6.0');
    }
    if (queryVersion !== apiVersion) {
      return reject('InvalidAPIVersion', `APIVersion ${JSON.stringify(queryVersion)} is unsupported`);
    }
    return accept({
      mode: 'query',
      compressType: 'none',
      rawSize: null,
      maxWireBytes: limits.maxRawBytes,
    });
  }
  if (headerVersion !== apiVersion) {
    return reject(
      'InvalidAPIVersion',
      `x-log-apiversion ${JSON.stringify(headerVersion)} is unsupported`,
    );
  }

  const sizeHeader = header(headers, 'x-log-bodyrawsize');
  if (sizeHeader === undefined) return reject('MissingBodyRawSize', 'x-log-bodyrawsize is required');
  // At most 10 digits so the number stays exact; anything that long is over the limit anyway.
  if (!/^[0-9]{1,10}$/.test(sizeHeader)) {
    return reject('InvalidBodyRawSize', `x-log-bodyrawsize ${JSON.stringify(sizeHeader)} is invalid`);
  }
  const rawSize = Number(sizeHeader);
  if (rawSize > limits.maxRawBytes) {
    return reject(
      'PostBodyTooLarge',
      `x-log-bodyrawsize ${rawSize} is over the ${limits.maxRawBytes}-byte limit`,
    );
  }

  const compressHeader = header(headers, 'x-log-compresstype');
  let compressType: CompressType;
  if (compressHeader === undefined || compressHeader === '') compressType = 'none';
  else if (compressHeader === 'lz4' || compressHeader === 'deflate') compressType = compressHeader;
  else {
    return reject(
      'InvalidCompressType',
      `x-log-compresstype ${JSON.stringify(compressHeader)} is unsupported (lz4, deflate)`,
    );
  }

  return accept({
    mode: 'header',
    compressType,
    rawSize,
    maxWireBytes: compressType === 'none' ? limits.maxRawBytes : compressedBound(limits.maxRawBytes),
  });
}

// Node joins repeated custom headers with ", " already; the array type is only for set-cookie.
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The most a legitimate encoder can expand `raw` bytes: LZ4's worst case is raw + raw/255 + 16
 * (LZ4_compressBound); zlib's is under raw + raw/1000 + 64 with 5 bytes per stored block. raw/64
 * + 1024 covers both with room to spare and still keeps a hostile body near 3 MB.
 */
function compressedBound(raw: number): number {
  return raw + Math.ceil(raw / 64) + 1024;
}
