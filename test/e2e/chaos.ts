// The chaos run: logs tracked by two tabs through random reloads, navigations and closes (each
// right after a burst), renderer crashes (in the task that tracked the burst), offline windows, 503
// storms and dropped connections; then everything must arrive but the bursts of the crashed tasks,
// which must all be lost (the last moment: nothing can save them yet), and nothing much twice,
// counted after the longest resend path has had its time (RESEND_TAIL_MS). Used by
// `npm run chaos` (20,000 logs) and, smaller, by test/e2e/chaos.spec.ts in `npm test`.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { armCrashes } from './armCrashes.ts';
import { tailAfter } from './resendTail.ts';

export interface ChaosOptions {
  browser: Browser;
  /** Collector origin, e.g. http://127.0.0.1:8790. */
  collector: string;
  /** Origin serving test/e2e/pages (tracker.html) and dist/. */
  pages: string;
  /** Logs to track in all. */
  total: number;
  /** Seed of the pseudo-random schedule, so a failing run can be replayed. */
  seed: number;
  /** How long to wait, at most, for everything to arrive at the end (ms). */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  tracked: number;
  arrived: number;
  /** Logs that should have arrived and did not. */
  lost: number;
  /** Logs tracked in a task that crashed (lost by design), and how many of them arrived all the same. */
  crashLost: number;
  crashArrived: number;
  duplicated: number;
  events: Record<string, number>;
  /** When each event happened (ms since the epoch), for reading a failed run. */
  timeline: Array<[number, string]>;
  /** Drops and errors the pages reported (onDrop / onError). */
  reports: string[];
  seconds: number;
  lostIds: string[];
  /** Ids that arrived more than once (the first 50). */
  duplicatedIds: string[];
}

/** mulberry32: small, seedable, good enough to schedule chaos. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
}

/** How many times each chaos id has arrived at the collector. */
async function arrivals(collector: string): Promise<Map<string, number>> {
  const res = await fetch(`${collector}/_collector/logs?logstore=events`);
  const logs = ((await res.json()) as { logs: Array<Record<string, string>> }).logs;
  const seen = new Map<string, number>();
  for (const l of logs) if (l.chaos) seen.set(l.chaos, (seen.get(l.chaos) ?? 0) + 1);
  return seen;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const rnd = random(o.seed);
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const events: Record<string, number> = {};
  const timeline: Array<[number, string]> = [];
  const count = (e: string) => {
    events[e] = (events[e] ?? 0) + 1;
    timeline.push([Date.now(), `${e} at c${next}`]);
  };
  const url = `${o.pages}/tracker.html?host=${encodeURIComponent(o.collector)}&flushInterval=300&logstore=events`;
  await post(`${o.collector}/_collector/reset`, {});

  const context: BrowserContext = await o.browser.newContext();
  await armCrashes(context);
  // Drops and errors of every page, including those that crashed or reloaded since.
  const reports: string[] = [];
  context.on('console', (m) => {
    if (m.text().startsWith('sls-webtrack ')) reports.push(m.text());
  });
  const open = async (): Promise<Page> => {
    const p = await context.newPage();
    await p.goto(url);
    return p;
  };
  const tabs: Page[] = [await open(), await open()];
  let next = 0;
  const tracked: string[] = [];
  const crashIds = new Set<string>();
  // The end of the current offline window: pages cannot load while offline, so a reload or a
  // reopening waits for it (as a user would retry), while tracking goes on in the open tabs.
  let online: Promise<void> = Promise.resolve();
  let offline = false;

  while (next < o.total) {
    // Each step: one tab tracks a burst, then maybe something goes wrong. About one mishap every
    // 20 steps (a couple of seconds): each kind dozens of times in a full run, with quiet
    // stretches between them as in a real outage.
    const t = Math.floor(rnd() * tabs.length);
    const n = Math.min(o.total - next, 5 + Math.floor(rnd() * 40));
    const ids = Array.from({ length: n }, (_, k) => `c${next + k}`);
    const roll = rnd() * 2.5;
    // A reload, a navigation or a close comes right after the burst, in the same task or the
    // next: nothing waits for the store (README, "Persistence": the journal).
    // A crash comes in the task that tracked the burst, before it ends (armCrashes.ts), at any
    // point of the tab's send cycle: the burst is lost, and nothing else may be.
    const leave = roll < 0.03 ? 'reload' : roll < 0.05 ? 'navigate' : roll < 0.06 ? 'close' : roll < 0.08 ? 'crash' : '';
    if (leave) {
      count(leave);
      await online;
    }
    const loaded = leave === 'reload' || leave === 'navigate' ? tabs[t]!.waitForEvent('load') : undefined;
    const crashed = leave === 'crash' ? tabs[t]!.waitForEvent('crash') : undefined;
    const tracking = tabs[t]!.evaluate(
      ({ ids, leave, to }) => {
        for (const id of ids) (window as any).tracker.track({ chaos: id, page: location.pathname, note: 'x'.repeat(80) });
        if (leave === 'reload') location.reload();
        if (leave === 'navigate') location.href = to;
        if (leave === 'crash') (window as any).crashInThisTask();
      },
      { ids, leave, to: `${url}&nav=${next}` },
    ).catch(() => undefined); // the navigation or the crash may win the race against evaluate's answer
    await (crashed ?? tracking);
    next += n;
    tracked.push(...ids);
    if (crashed) for (const id of ids) crashIds.add(id);
    if (tracked.length % 2000 < n) log(`tracked ${tracked.length}/${o.total} ${JSON.stringify(events)}`);
    if (loaded) await loaded;
    if (leave === 'close' || leave === 'crash') {
      await tabs[t]!.close().catch(() => undefined);
      await online;
      tabs[t] = await open();
    }
    if (leave) continue;
    await new Promise((r) => setTimeout(r, 20 + rnd() * 60));

    if (roll < 0.1 && !offline) {
      count('offline');
      offline = true;
      await context.setOffline(true).catch(() => undefined);
      const ms = 500 + rnd() * 2500;
      // setOffline fails while a page of the context is crashing: try again until it takes.
      const goOnline = (resolve: () => void): void =>
        void context.setOffline(false).then(resolve, () => setTimeout(() => goOnline(resolve), 100));
      online = new Promise((resolve) =>
        setTimeout(() => {
          offline = false;
          goOnline(resolve);
        }, ms),
      );
    } else if (roll < 0.12) {
      count('storm503');
      await post(`${o.collector}/_collector/faults`, { status: 503, times: 2 + Math.floor(rnd() * 15) });
    } else if (roll < 0.13) {
      count('drops');
      await post(`${o.collector}/_collector/faults`, { drop: true, times: 1 + Math.floor(rnd() * 4) });
    } else if (roll < 0.14) {
      count('throttle429');
      await post(`${o.collector}/_collector/faults`, { status: 429, retryAfter: 1, times: 1 + Math.floor(rnd() * 3) });
    }
  }

  // Calm: no faults, online, and both tabs flush; recovery of what dead tabs left runs by itself.
  await post(`${o.collector}/_collector/faults`, { clear: true });
  await online;
  const calm = Date.now();
  const want = new Set(tracked.filter((id) => !crashIds.has(id)));
  const deadline = Date.now() + (o.settleMs ?? 90_000);
  let seen: Map<string, number>;
  for (;;) {
    await Promise.all(tabs.map((p) => p.evaluate(() => (window as any).tracker.flush()).catch(() => undefined)));
    seen = await arrivals(o.collector);
    const missing = [...want].filter((id) => !seen.has(id)).length;
    if (missing === 0 || Date.now() > deadline) break;
    log(`waiting for ${missing} logs`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  // Late resends (a claim, then a verdict) are duplicates too: count them once they had their time.
  log('waiting for late resends');
  await tailAfter(calm);
  seen = await arrivals(o.collector);
  await context.close();

  const lostIds = [...want].filter((id) => !seen.has(id));
  let duplicated = 0;
  for (const c of seen.values()) duplicated += c - 1;
  const duplicatedIds = [...seen].filter(([, c]) => c > 1).map(([id]) => id);
  return {
    tracked: tracked.length,
    arrived: seen.size,
    lost: lostIds.length,
    crashLost: crashIds.size,
    crashArrived: [...crashIds].filter((id) => seen.has(id)).length,
    duplicated,
    events,
    reports: reports.slice(0, 50),
    timeline,
    seconds: Math.round((Date.now() - started) / 1000),
    lostIds: lostIds.slice(0, 50),
    duplicatedIds: duplicatedIds.slice(0, 50),
  };
}
