import type { LogBatch } from './LogBatch.ts';
import type { Limits } from './slsLimits.ts';
import { utf8Length } from './utf8Length.ts';
import { validateKey } from './validateKey.ts';
import { accept, reject, type Verdict } from './Verdict.ts';

const tagPrefix = '__tag__:';

/**
 * Turns the query pairs of the GET form (`/track`, `track.gif`, `track_ua.gif`) into a batch of
 * one log. `APIVersion` is the protocol's own parameter; `__topic__` and `__source__` set topic
 * and source; `__tag__:<k>` sets tag k; every other pair is a field, under the same key and value
 * rules as the POST body (a repeated name keeps its last value).
 */
export function readGetLog(pairs: Array<[string, string]>, limits: Limits): Verdict<LogBatch> {
  let topic: string | undefined;
  let source: string | undefined;
  const tags = new Map<string, string>();
  const fields = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (name === 'APIVersion') continue;
    if (name === '__topic__' || name === '__source__') {
      if (utf8Length(value, limits.maxTopicBytes) > limits.maxTopicBytes) {
        return reject('PostBodyInvalid', `${name} longer than ${limits.maxTopicBytes} bytes`);
      }
      if (name === '__topic__') topic = value;
      else source = value;
      continue;
    }
    const isTag = name.startsWith(tagPrefix);
    const key = isTag ? name.slice(tagPrefix.length) : name;
    const problem = validateKey(key, isTag ? 'tag' : 'log', limits);
    if (problem) return reject('InvalidKey', `${JSON.stringify(name.slice(0, 64))}: ${problem}`);
    if (utf8Length(value, limits.maxValueBytes) > limits.maxValueBytes) {
      return reject('PostBodyInvalid', `${name}: value longer than ${limits.maxValueBytes} bytes`);
    }
    (isTag ? tags : fields).set(key, value);
  }
  return accept({ topic, source, tags: [...tags], logs: [[...fields]], times: [undefined] });
}
