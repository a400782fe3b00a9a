/**
 * A normalized log waiting to be sent: its JSON (serialized once), size, id and time. Internal
 * names differ from the wire fields `_id` and `_ts` inside `_json` on purpose: property mangling
 * renames these, never those (rollup.config.mjs, "Mangling contract").
 */
export interface QueuedLog {
  /** JSON object text of the log, as it goes into `__logs__`. */
  _json: string;
  /** Exact UTF-8 byte length of `_json`. */
  _bytes: number;
  /** The log's id (its wire field `_id`): tells a resent duplicate apart. */
  _logId: string;
  /** Client time (ms) at `track()` (its wire field `_ts`); with `_logId` it keys the log in IndexedDB. */
  _time: number;
}
