import type { TrackOptions } from '../types';
import type { BatchMeta } from '../batch/BatchMeta';
import { bodyOverhead } from '../batch/buildBody';
import { sanitizeKey } from '../normalize/sanitizeKey';
import { utf8Length } from '../normalize/utf8Length';
import { MAX_VALUE_BYTES } from '../lib/limits';
import { isTopicOrSource } from '../normalize/isTopicOrSource';
import { DEBUG_BUILD } from '../lib/debugBuild';

/** The request meta a log goes with, its group key (the meta as JSON) and its envelope size. */
export interface CallMeta {
  _key: string;
  _meta: BatchMeta;
  /** bodyOverhead(_meta). */
  _overhead: number;
}

/**
 * Tags with sanitized keys and string values, or undefined when a value is over the service's
 * 1 MiB value limit: the service would refuse every request carrying it.
 */
const cleanTags = (tags: Record<string, unknown>): Record<string, string> | undefined => {
  const out: Record<string, string> = {};
  for (const k in tags) {
    const v = String(tags[k]);
    if (utf8Length(v) > MAX_VALUE_BYTES) return undefined;
    out[sanitizeKey(k)] = v;
  }
  return out;
};

const callMeta = (meta: BatchMeta): CallMeta => ({ _key: JSON.stringify(meta), _meta: meta, _overhead: bodyOverhead(meta) });

/**
 * Resolves the per-call options of `track()` against the tracker's topic, source and tags: the
 * tracker's own meta is computed once; a call's overrides give a new one, or the reason they can
 * never be sent (`invalidOptions`; the text in the debug build only): a topic or source that is no
 * string or is over 128 bytes, a tag value over 1 MiB, or options that throw when read. Tag keys
 * go through sanitizeKey like log keys; tag values are turned into strings.
 */
export function createMetaResolver(topic: string, source: string, tags: Record<string, string>): (call?: TrackOptions) => CallMeta | string {
  const own = callMeta({ topic, source, tags: cleanTags(tags)! });
  return (call) => {
    if (!call) return own;
    try {
      const t = call.topic ?? topic;
      const s = call.source ?? source;
      if (!isTopicOrSource(t) || !isTopicOrSource(s)) {
        return DEBUG_BUILD ? (typeof t !== 'string' || typeof s !== 'string' ? 'topic and source must be strings' : 'topic or source over 128 bytes') : '';
      }
      const extra = call.tags;
      const merged = extra && typeof extra === 'object' ? cleanTags({ ...tags, ...extra }) : own._meta.tags;
      return merged ? callMeta({ topic: t, source: s, tags: merged }) : DEBUG_BUILD ? 'a tag value over 1 MiB' : '';
    } catch {
      // A getter that throws, a tag value String() cannot print: options that can never be sent.
      return DEBUG_BUILD ? 'options that throw when read' : '';
    }
  };
}
