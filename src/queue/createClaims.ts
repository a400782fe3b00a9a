import type { LogStore } from './createLogStore';
import type { SentMarks } from './createSentMarks';
import type { TabPresence } from './createTabPresence';
import type { RowIndex } from './createRowIndex';
import type { Journal } from './createJournal';
import type { StoredRow } from './StoredRow';
import type { PersistenceHooks, PersistenceLimits } from './PersistenceHooks';
import type { HeldLog } from './sortRecovered';
import { sortRecovered } from './sortRecovered';
import { toGroups } from './toGroups';
import { RESEND, TRUSTED, UNDECIDED, judgeUnloadSend } from './judgeUnloadSend';
import { ROW_COMMITTED } from './createRowIndex';
import { CLAIM_EVERY_MS, MARK_MAX_AGE_MS, VERDICT_POLL_MS } from '../lib/timings';
import { DEBUG_BUILD } from '../lib/debugBuild';

/** What claims need of the persistent queue. */
export interface ClaimsDeps {
  _store: LogStore;
  _presence: Pick<TabPresence, '_alive'>;
  _marks: SentMarks;
  _journal: Pick<Journal, '_orphans' | '_remove'>;
  _rows: Pick<RowIndex, '_add'>;
  /** These logs need no more keeping (createPersistence's settle). */
  _settle(logIds: string[]): void;
  _hooks: PersistenceHooks;
  _limits: PersistenceLimits;
}

/** Taking over the rows of tabs that are gone. */
export interface Claims {
  /** Claims now, then every CLAIM_EVERY_MS. */
  _start(): Promise<void>;
  /** Forgets the logs held for a verdict (opt-out). */
  _clear(): void;
  _stop(): void;
}

/**
 * Claims (README, "Persistence"): at start and every CLAIM_EVERY_MS, takes over the stored rows
 * whose owner is neither this tab nor alive (a tab that crashed, was killed or closed; an earlier
 * visit) and the journals such tabs left (createJournal), sorts their logs (sortRecovered) and
 * sends them. A journal goes once the transaction that wrote its rows has committed. Logs an
 * earlier page sent on unload are held until judgeUnloadSend can tell, from the next answer any
 * tab gets, whether to trust or resend them; they are judged again every VERDICT_POLL_MS until all
 * are decided.
 */
export function createClaims(deps: ClaimsDeps): Claims {
  const hooks = deps._hooks;
  let timer: ReturnType<typeof setInterval> | undefined;
  let judgeTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let held: HeldLog[] = [];

  const judge = () => {
    const now = hooks._now();
    const verdicts = held.map((l) => judgeUnloadSend(l._sentAt, l._recoveredAt, hooks._health, now));
    const trusted = held.filter((_, i) => verdicts[i] === TRUSTED);
    const resend = held.filter((_, i) => verdicts[i] === RESEND);
    held = held.filter((_, i) => verdicts[i] === UNDECIDED);
    if (trusted.length || resend.length) {
      // Resent: their marks go now (the resend is an ordinary send). Trusted: only once their
      // row's delete has committed (_settle), or a reload in between would leave the row unmarked.
      deps._marks._unmark(resend.map((l) => l._log._logId));
      if (trusted.length) {
        deps._settle(trusted.map((l) => l._log._logId));
        hooks._trusted(trusted.length);
      }
      toGroups(resend).forEach(hooks._enqueue);
    }
    if (held.length) judgeTimer = setTimeout(judge, VERDICT_POLL_MS);
  };

  const claim = async () => {
    const alive = await deps._presence._alive();
    let orphans: Array<[string, StoredRow[]]> = [];
    // Read inside the transaction: a journal another tab took over meanwhile is gone, or its rows are that tab's.
    const taken = await deps._store._claim(alive, () => (orphans = deps._journal._orphans(alive)).flatMap(([, rows]) => rows));
    if (!taken) return;
    for (const [key] of orphans) deps._journal._remove(key);
    // Read every round, so that marks that protect nothing any more (too old, or of logs no
    // longer stored) are removed even when nothing is claimed.
    const marks = deps._marks._read(MARK_MAX_AGE_MS, alive, taken._stored);
    const claimed = taken._rows;
    if (!claimed.length) return;
    for (const row of claimed) deps._rows._add(row._key, row._group, row._logs, ROW_COMMITTED);
    const max = deps._limits._maxStoredLogs;
    const r = sortRecovered(claimed, marks, hooks._now(), deps._limits._maxAge, max);
    if (r._expired) hooks._drop(r._expired, 'expired', DEBUG_BUILD && 'stored longer than maxAge');
    if (r._overCap) hooks._drop(r._overCap, 'storeFull', DEBUG_BUILD && `more than ${max} stored logs to recover`);
    // Their marks go once their row's delete has committed (_settle): nobody sends these again.
    deps._settle(r._done);
    toGroups(r._send).forEach(hooks._enqueue);
    held.push(...r._held);
    clearTimeout(judgeTimer);
    judge();
  };

  return {
    async _start() {
      await claim();
      if (!stopped) timer = setInterval(() => void claim(), CLAIM_EVERY_MS);
    },
    _clear: () => void (held = []),
    _stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(judgeTimer);
    },
  };
}
