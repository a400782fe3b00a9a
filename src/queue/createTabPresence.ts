import { storedRecord } from '../lib/storedRecord';
import { TAB_PREFIX } from '../lib/storageKeys';

/**
 * Which tabs of this origin are alive, so that a tab can take over the stored logs of a tab that
 * died (crash, kill, closed before its sends finished) without ever taking those of a live one.
 *
 * With Web Locks each tab holds a lock named after its id for its whole life; the browser releases
 * it when the tab goes away, however it goes, and `navigator.locks.query()` lists the held ones.
 * Without Web Locks a tab writes a heartbeat to localStorage every `beatMs`; a tab is alive while
 * its heartbeat is younger than three beats (a frozen tab may lose its logs to another tab then,
 * which can cause a duplicate, never a loss).
 */
export interface TabPresence {
  /** Resolves once this tab is visible as alive to the others. */
  _ready: Promise<void>;
  /** A snapshot of the live tabs, for one claim. */
  _alive(): Promise<(owner: string) => boolean>;
  /**
   * Whether, at the last snapshot, another tab of the same database was alive: it takes this
   * tab's logs over once this tab is gone. Only known with Web Locks.
   */
  _shared(): boolean;
  _stop(): void;
}

/**
 * `peers` names a lock every tab of one database holds in shared mode, so that `query()` tells
 * how many there are (a tab's own lock does not say which database it belongs to).
 */
export function createTabPresence(id: string, peers: string, now: () => number, beatMs: number): TabPresence {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks && typeof locks.request === 'function') {
    const releases: Array<() => void> = [];
    const hold = (name: string, mode: LockMode, granted: () => void) =>
      locks
        .request(name, { mode }, () => {
          granted();
          return new Promise<void>((r) => void releases.push(r));
        })
        .catch(granted);
    const ready = new Promise<void>((granted) => void hold(TAB_PREFIX + id, 'exclusive', granted));
    void hold(peers, 'shared', () => undefined);
    let others = false;
    return {
      _ready: ready,
      async _alive() {
        const held = new Set<string>();
        try {
          const all = (await locks.query()).held ?? [];
          for (const l of all) if (l.name) held.add(l.name);
          others = all.filter((l) => l.name === peers).length > 1;
        } catch {
          // No snapshot this time: claim nothing now, the next round tries again.
          return () => true;
        }
        return (owner) => held.has(TAB_PREFIX + owner);
      },
      _shared: () => others,
      _stop: () => releases.forEach((r) => r()),
    };
  }

  // The time of the last beat (ms). Storage full or blocked: other tabs will see this one as gone
  // and may claim its logs.
  const beat = () => storedRecord(TAB_PREFIX + id, now());
  beat();
  const timer = setInterval(beat, beatMs);
  return {
    _ready: Promise.resolve(),
    _shared: () => false,
    // No heartbeat to read (none, not a time, no storage to see other tabs in): that tab is gone.
    // That may duplicate a log that a live tab is also sending; the alternative, never sending an
    // earlier visit's logs, loses it.
    _alive: async () => (owner) => now() - Number(storedRecord(TAB_PREFIX + owner)) < 3 * beatMs,
    _stop() {
      clearInterval(timer);
      storedRecord(TAB_PREFIX + id, null);
    },
  };
}
