import type { LogGroup } from '../batch/createBatcher';
import type { BatchMeta } from '../batch/BatchMeta';
import type { QueuedLog } from './QueuedLog';
import type { RecoveredLog } from './sortRecovered';

/**
 * Recovered logs as groups to send, each in the order given. One push per log: a copy of the
 * group's list per log made the takeover of a 50,000-log backlog take seconds (issue 19).
 */
export function toGroups(logs: RecoveredLog[]): LogGroup[] {
  const groups = new Map<string, QueuedLog[]>();
  for (const { _log, _group } of logs) (groups.get(_group) ?? groups.set(_group, []).get(_group)!).push(_log);
  return [...groups].map(([g, list]) => ({ _meta: JSON.parse(g) as BatchMeta, _logs: list }));
}
