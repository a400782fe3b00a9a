import { decodeLz4Block } from './decodeLz4Block.ts';
import { inflateBounded } from './inflateBounded.ts';
import type { LogBatch } from './LogBatch.ts';
import { parseJsonBody } from './parseJsonBody.ts';
import type { PostPlan } from './readPostPlan.ts';
import type { Limits } from './slsLimits.ts';
import { validateBody } from './validateBody.ts';
import { reject, type Verdict } from './Verdict.ts';

/** The verdict on a body, and what was learned about it on the way (for the request log). */
export interface BodyOutcome {
  verdict: Verdict<LogBatch>;
  /** Uncompressed bytes, null when the body did not decompress. */
  rawBytes: number | null;
}

/**
 * Turns the bytes of a POST into logs: decompress into exactly the announced size, check the size
 * limit, decode strict UTF-8, parse JSON, validate. The wire size has already been bounded by
 * `plan.maxWireBytes` and `plan.rawSize` by the body limit, so nothing here allocates more.
 */
export function parsePostBody(
  wire: Uint8Array,
  plan: PostPlan,
  limits: Limits,
  options: { clientTime?: boolean } = {},
): BodyOutcome {
  let raw = wire;
  if (plan.compressType !== 'none') {
    // readPostPlan always sets rawSize for compressed bodies (header mode).
    const rawSize = plan.rawSize ?? 0;
    const decoded =
      plan.compressType === 'lz4' ? decodeLz4Block(wire, rawSize) : inflateBounded(wire, rawSize);
    if (!decoded.ok) {
      const message = `${plan.compressType}: ${decoded.reason}`;
      return { verdict: reject('PostBodyUncompressError', message), rawBytes: null };
    }
    raw = decoded.bytes;
  } else if (plan.rawSize !== null && plan.rawSize !== wire.length) {
    // Catches clients that announce the string length instead of the UTF-8 byte length.
    const message = `x-log-bodyrawsize ${plan.rawSize}, but the body has ${wire.length} bytes`;
    return { verdict: reject('PostBodyUncompressError', message), rawBytes: wire.length };
  }

  if (raw.length > limits.maxRawBytes) {
    const message = `${raw.length} bytes, at most ${limits.maxRawBytes}`;
    return { verdict: reject('PostBodyTooLarge', message), rawBytes: raw.length };
  }

  const parsed = parseJsonBody(raw);
  if (!parsed.ok) return { verdict: parsed, rawBytes: raw.length };
  return { verdict: validateBody(parsed.value, limits, options), rawBytes: raw.length };
}
