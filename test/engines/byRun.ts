// Counting by id at the collector: every log the tests track carries its round (`run`) and its
// index (`i`), so a loss and a duplicate are both visible, whatever the engine did on the way.
import { collectorLogs } from '../e2e/collector.ts';
import type { Tab } from './Engine.ts';

export interface Round {
  run: string;
  n: number;
}

export interface Figures {
  runs: number;
  tracked: number;
  lost: number;
  duplicated: number;
  /** When logs are missing: whether the store still answers a read (storeBlocked). */
  store?: string;
}

/** Lost and duplicated logs of `rounds` at the collector, counted by `run` and `i`. */
export async function count(rounds: Round[], logstore = 'web'): Promise<Figures> {
  const byRun = new Map<string, Map<string, number>>();
  for (const l of await collectorLogs(logstore)) {
    if (!l.run) continue;
    const seen = byRun.get(l.run) ?? new Map<string, number>();
    seen.set(l.i!, (seen.get(l.i!) ?? 0) + 1);
    byRun.set(l.run, seen);
  }
  let lost = 0;
  let duplicated = 0;
  for (const r of rounds) {
    const seen = byRun.get(r.run) ?? new Map<string, number>();
    for (let i = 0; i < r.n; i++) if (!seen.has(String(i))) lost++;
    for (const c of seen.values()) duplicated += c - 1;
  }
  return { runs: rounds.length, tracked: rounds.reduce((n, r) => n + r.n, 0), lost, duplicated };
}

/** Polls `fn` in `tab` until it returns a truthy value; a page between documents counts as not yet. */
export async function waitIn<R>(tab: Tab, fn: () => R, what: string, timeoutMs = 15_000): Promise<R> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await tab.evaluate(fn, undefined).catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until every log of `rounds` has arrived or `timeoutMs` passed (20 s in the core set: more
 * than the claim period, 15 s; 45 s in the full set), asking `tab`'s tracker to flush meanwhile,
 * and returns the figures then.
 */
export async function settle(rounds: Round[], tab: Tab, timeoutMs = process.env.ENGINES_FULL ? 45_000 : 20_000): Promise<Figures> {
  const end = Date.now() + timeoutMs;
  let c = await count(rounds);
  while (c.lost > 0 && Date.now() < end) {
    await tab.evaluate(() => (window as any).tracker?.flush(), undefined).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    c = await count(rounds);
  }
  return c;
}
