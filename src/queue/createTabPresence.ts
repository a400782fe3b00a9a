import { localStore } from '../lib/localStore';
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
  _stop(): void;
}


export function createTabPresence(id: string, now: () => number, beatMs: number): TabPresence {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks && typeof locks.request === 'function') {
    let release: () => void = () => undefined;
    const ready = new Promise<void>((granted) => {
      locks
        .request(TAB_PREFIX + id, () => {
          granted();
          return new Promise<void>((r) => { release = r; });
        })
        .catch(() => granted());
    });
    return {
      _ready: ready,
      async _alive() {
        const held = new Set<string>();
        try {
          for (const l of (await locks.query()).held ?? []) if (l.name) held.add(l.name);
        } catch {
          // No snapshot this time: claim nothing now, the next round tries again.
          return () => true;
        }
        return (owner) => held.has(TAB_PREFIX + owner);
      },
      _stop: () => release(),
    };
  }

  const store = localStore();
  const beat = () => {
    try {
      store?.setItem(TAB_PREFIX + id, String(now()));
    } catch {
      // storage full or blocked: other tabs will see this one as gone and may claim its logs
    }
  };
  beat();
  const timer = setInterval(beat, beatMs);
  return {
    _ready: Promise.resolve(),
    async _alive() {
      // No storage to see other tabs in: treat them all as gone. That may duplicate a log that a
      // live tab is also sending; the alternative, never sending an earlier visit's logs, loses it.
      if (!store) return () => false;
      const s = store;
      return (owner) => now() - Number(s.getItem(TAB_PREFIX + owner) ?? 0) < 3 * beatMs;
    },
    _stop() {
      clearInterval(timer);
      try {
        store?.removeItem(TAB_PREFIX + id);
      } catch {
        // nothing to undo
      }
    },
  };
}
