// Types shared along the pipeline (normalize → queue → batch → encode → send).
// `_`-prefixed props are internal: the minifier mangles them.

/** One log, serialised once and measured once: the assembly never re-serialises. */
export interface NormalizedLog {
  /** JSON object text of the log: string values only, valid UTF-8 once encoded. */
  _json: string;
  /** Exact UTF-8 byte length of `_json`. */
  _bytes: number;
  /** What normalization changed (renamed keys, truncated values), for the debug log. */
  _notes?: string[];
}

/** The tracker's own fields of a log: client time (epoch ms) and a unique id. */
export interface LogStamp {
  ts: number;
  id: string;
}

/** What one request shares: one topic, one source, one tag set (PROTOCOL.md, "Body"). */
export interface BatchMeta {
  topic: string;
  source: string;
  tags: Record<string, string>;
}
