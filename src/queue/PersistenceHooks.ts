import type { DropReason } from '../types';
import type { LogGroup } from '../batch/createBatcher';
import type { SharedHealth } from './createSharedHealth';

/** Limits of the persistent queue. */
export interface PersistenceLimits {
  /** Logs taken over from other tabs or visits at most; the oldest beyond it are dropped (`storeFull`). */
  _maxStoredLogs: number;
  /** Stored logs older than this (ms, by client time) are dropped (`expired`). */
  _maxAge: number;
}

export interface PersistenceHooks {
  _tab: string;
  _db: string;
  /** Prefix of this track URL's journals (storageKeys' journalPrefix). */
  _journal: string;
  _now: () => number;
  /** Logs recovered from a dead tab or an earlier visit, to be sent. */
  _enqueue(group: LogGroup): void;
  _drop(count: number, reason: DropReason, detail?: string | false): void;
  /** Storage failed: reported once by the caller. */
  _fail(message: string): void;
  /** Logs that could not be stored (they are still sent from memory, but would not survive a reload). */
  _notStored(count: number): void;
  /** Unload-sent logs trusted as delivered (their answer was never seen). */
  _trusted(count: number): void;
  /** The tabs' recent answers (createSharedHealth). */
  _health: Pick<SharedHealth, '_failedBetween' | '_firstAfter'>;
}
