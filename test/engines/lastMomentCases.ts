// The last moment in every engine (README, "Unload-sent logs"): logs tracked just before the page
// goes, by each way a page goes, counted by id at the collector. Nothing waits for the store before
// the page goes. Rounds: ROUNDS of each shape (1 in the core set of npm test, 10 in the full set).
import type { Engine, Tab } from './Engine.ts';
import { COLLECTOR } from '../e2e/collector.ts';
import { PAGES } from './startServers.ts';
import { count, settle, waitIn, type Figures, type Round } from './byRun.ts';
import { tailAfter } from '../e2e/resendTail.ts';
import { storeBlocked } from './storeBlocked.ts';

export const ROUNDS = process.env.ENGINES_FULL ? 10 : 1;

const query = (extra: Record<string, string> = {}) => new URLSearchParams({ host: COLLECTOR, ...extra }).toString();
export const landing = (extra: Record<string, string> = {}) => `${PAGES}/tracker.html?${query(extra)}`;
const lastMoment = (extra: Record<string, string> = {}) => `${PAGES}/last-moment.html?${query(extra)}`;

/** The landing page has its tracker and has sent what it took over (see lastMoment.spec.ts). */
async function landed(tab: Tab): Promise<void> {
  await waitIn(tab, () => location.pathname === '/tracker.html' && !(window as any).leaving && (window as any).tracker, 'the landing page');
  await waitIn(tab, () => (window as any).tracker.stats().pending === 0, 'the landing page to deliver', 10_000).catch(() => undefined);
}

/** A navigation that may end the page before the driver hears back: that is the point. */
const leaving = (p: Promise<unknown>): Promise<void> => p.then(() => undefined, () => undefined);

/** Every shape's rounds, and when the last was settled: duplicates are counted again after the tail. */
const settled: Round[] = [];
let lastSettled = 0;

/** Settles a shape; when logs are missing, says whether the store still answers (storeBlocked). */
async function settleShape(done: Round[], tab: Tab): Promise<Figures> {
  const figures = await settle(done, tab);
  settled.push(...done);
  lastSettled = Date.now();
  return figures.lost ? { ...figures, store: await storeBlocked(tab) } : figures;
}

/**
 * The figures of every shape so far once the longest resend path (RESEND_TAIL_MS) has passed
 * since the last one settled, their tabs still open: a late resend shows up as a duplicate here.
 */
export async function afterTheTail(): Promise<Figures> {
  await tailAfter(lastSettled);
  return count(settled);
}

async function rounds(tab: Tab, name: string, sizes: number[], once: (run: string, n: number) => Promise<void>): Promise<Figures> {
  const done: Round[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    for (const n of sizes) {
      const run = `${name}${n}-${k}-${Date.now()}`;
      await once(run, n);
      await landed(tab);
      done.push({ run, n });
    }
  }
  return settleShape(done, tab);
}

export type Shape = (engine: Engine) => Promise<Figures>;

export const lastMomentShapes: Record<string, Shape> = {
  'link click (1, 400, 1,500 logs)': async (engine) => {
    const tab = await engine.newTab();
    return rounds(tab, 'link', [1, 400, 1500], async (run, n) => {
      await tab.goto(lastMoment({ to: landing() }));
      await tab.evaluate((b) => { (window as any).burst = b; }, { run, n });
      await leaving(tab.click('#go'));
    });
  },
  'bounce: createTracker, track, location.href in one task (742 logs of ~150 B)': async (engine) => {
    const tab = await engine.newTab();
    return rounds(tab, 'bounce', [742], async (run, n) => leaving(tab.goto(lastMoment({ bounce: `${run},${n}`, to: landing() }))));
  },
  'bounce: 300 logs of ~330 B (over the unload budget)': async (engine) => {
    const tab = await engine.newTab();
    return rounds(tab, 'bounce330-', [300], async (run, n) => leaving(tab.goto(lastMoment({ bounce: `${run},${n},330`, to: landing() }))));
  },
  'form submit (600 logs)': async (engine) => {
    const tab = await engine.newTab();
    return rounds(tab, 'form', [600], async (run, n) => {
      await tab.goto(lastMoment({ to: landing() }));
      await tab.evaluate((b) => { (window as any).burst = b; }, { run, n });
      await leaving(tab.click('#submit'));
    });
  },
  'reload in the task that tracked (600 logs)': async (engine) => {
    const tab = await engine.newTab();
    await tab.goto(landing());
    return rounds(tab, 'reload', [600], async (run, n) => {
      await leaving(tab.evaluate(({ run, n }) => {
        (window as any).leaving = true;
        for (let i = 0; i < n; i++) (window as any).tracker.track({ run, i, pad: 'p'.repeat(80) });
        location.reload();
      }, { run, n }));
    });
  },
  'history.back() in the task that tracked (600 logs)': async (engine) => {
    const tab = await engine.newTab();
    return rounds(tab, 'back', [600], async (run, n) => {
      await tab.goto(landing());
      await tab.goto(lastMoment());
      await leaving(tab.evaluate(({ run, n }) => {
        (window as any).trackBurst({ run, n });
        history.back();
      }, { run, n }));
    });
  },
  'a tab closed right after tracking; the next tab takes over (600 logs)': async (engine) => {
    const done: Round[] = [];
    for (let k = 0; k < ROUNDS; k++) {
      const run = `close-${k}-${Date.now()}`;
      const tab = await engine.newTab();
      await tab.goto(landing());
      await tab.evaluate((run) => {
        for (let i = 0; i < 600; i++) (window as any).tracker.track({ run, i, pad: 'p'.repeat(80) });
      }, run);
      await tab.close();
      done.push({ run, n: 600 });
    }
    const next = await engine.newTab();
    await next.goto(landing());
    return settleShape(done, next);
  },
};
