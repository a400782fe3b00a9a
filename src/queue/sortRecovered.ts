import type { StoredRow } from './StoredRow';
import type { SentMark } from './createSentMarks';
import type { QueuedLog } from './QueuedLog';

/** A log taken over from a tab that is gone, with its group (topic, source, tags as JSON). */
export interface RecoveredLog {
  _log: QueuedLog;
  _group: string;
}

/** A recovered log that an earlier page sent on unload, answer unseen: it waits for a verdict. */
export interface HeldLog extends RecoveredLog {
  _sentAt: number;
  /** When this tab recovered it: the wait for a verdict counts from here. */
  _recoveredAt: number;
}

/** What becomes of the logs of claimed rows. */
export interface SortedRecovery {
  /** To send, oldest first. */
  _send: RecoveredLog[];
  /** Sent on unload by an earlier page: judged by judgeUnloadSend. */
  _held: HeldLog[];
  /** Ids that need no more keeping: expired, accepted already (only their row's delete was lost), or over the cap. */
  _done: string[];
  /** Dropped as older than `maxAge`. */
  _expired: number;
  /** Dropped, the oldest, as more than `maxLogs` to send. */
  _overCap: number;
}

/**
 * Sorts the logs of claimed rows (in key order: oldest first) by what their marks say and by age,
 * at `now`: expired ones and accepted ones are done, marked ones are held for a verdict, the rest
 * are sent, at most `maxLogs` of them (the newest).
 */
export function sortRecovered(claimed: StoredRow[], marks: Map<string, SentMark>, now: number, maxAge: number, maxLogs: number): SortedRecovery {
  const r: SortedRecovery = { _send: [], _held: [], _done: [], _expired: 0, _overCap: 0 };
  for (const row of claimed) {
    for (const [logId, time, json, bytes] of row._logs) {
      const log: QueuedLog = { _json: json, _bytes: bytes, _time: time, _logId: logId };
      const mark = marks.get(logId);
      if (time < now - maxAge) {
        r._expired++;
        r._done.push(logId);
      } else if (mark?._accepted) r._done.push(logId);
      else if (mark) r._held.push({ _log: log, _group: row._group, _sentAt: mark._sentAt, _recoveredAt: now });
      else r._send.push({ _log: log, _group: row._group });
    }
  }
  r._overCap = Math.max(0, r._send.length - maxLogs);
  for (const { _log } of r._send.splice(0, r._overCap)) r._done.push(_log._logId);
  return r;
}
