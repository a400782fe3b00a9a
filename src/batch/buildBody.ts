import type { BatchMeta } from './BatchMeta';
import { fixSurrogates } from '../normalize/fixSurrogates';
import { utf8Length } from '../normalize/utf8Length';

// Lone surrogates fixed for the same reason as in log values: escaped ones decode to invalid text.
const quote = (s: unknown): string => JSON.stringify(fixSurrogates(String(s)));

// Wire keys are in string literals, not object keys, so that property mangling cannot touch them.
/** Everything after the logs' `]`. */
export const bodyTail = ({ topic, source, tags }: BatchMeta): string =>
  (topic ? ',"__topic__":' + quote(topic) : '') +
  (source ? ',"__source__":' + quote(source) : '') +
  (tags && Object.keys(tags).length
    ? ',"__tags__":{' + Object.keys(tags).map((k) => quote(k) + ':' + quote(tags[k])).join(',') + '}'
    : '') +
  '}';

/**
 * UTF-8 bytes of the envelope around the logs for this meta (`{"__logs__":[`, `]`, topic, source,
 * tags). The size of a body is always counted the one way `bodySize` does: each log costs its
 * `_bytes` plus one for its comma, and the first log's comma is the one the envelope lacks.
 */
export function bodyOverhead(meta: BatchMeta): number {
  return 14 + utf8Length(bodyTail(meta)); // '{"__logs__":[' and ']'
}

/** Exact UTF-8 bytes of the body of `logs` (one or more) in an envelope of `overhead` bytes. */
export function bodySize(overhead: number, logs: ReadonlyArray<{ _bytes: number }>): number {
  let size = overhead - 1;
  for (const l of logs) size += l._bytes + 1;
  return size;
}

/**
 * The PutWebTracking body: `{"__logs__":[…],"__topic__":…,"__source__":…,"__tags__":{…}}`;
 * topic and source are left out when empty, tags when there are none.
 */
export function buildBody(meta: BatchMeta, jsons: string[]): string {
  return '{"__logs__":[' + jsons.join(',') + ']' + bodyTail(meta);
}
