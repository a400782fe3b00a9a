import type { BatchMeta } from '../types';
import { fixSurrogates } from '../normalize/fixSurrogates';
import { utf8Length } from '../normalize/utf8Length';

export type { BatchMeta } from '../types';

// Lone surrogates fixed for the same reason as in log values: escaped ones decode to invalid text.
const q = (s: unknown): string => JSON.stringify(fixSurrogates(String(s)));

// Wire keys are in string literals, not object keys, so that property mangling cannot touch them.
/** Everything after the logs' `]`. */
const tail = ({ topic, source, tags }: BatchMeta): string =>
  (topic ? ',"__topic__":' + q(topic) : '') +
  (source ? ',"__source__":' + q(source) : '') +
  (tags && Object.keys(tags).length
    ? ',"__tags__":{' + Object.keys(tags).map((k) => q(k) + ':' + q(tags[k])).join(',') + '}'
    : '') +
  '}';

/**
 * Bytes the envelope adds around the logs for this meta: a body of n logs totals
 * `bodyOverhead(meta) + Σ _bytes + max(0, n - 1)` (the commas) UTF-8 bytes, exactly.
 */
export function bodyOverhead(meta: BatchMeta): number {
  return 14 + utf8Length(tail(meta)); // '{"__logs__":[' and ']'
}

/**
 * The PutWebTracking body: `{"__logs__":[…],"__topic__":…,"__source__":…,"__tags__":{…}}`;
 * topic and source are left out when empty, tags when there are none.
 */
export function buildBody(meta: BatchMeta, jsons: string[]): string {
  return '{"__logs__":[' + jsons.join(',') + ']' + tail(meta);
}
