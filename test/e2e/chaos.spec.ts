// A smaller run of `npm run chaos` (README, "Delivery"), judged on its own as issue 11 asks: lost
// must be 0 (but for the bursts tracked in a task that crashed, which must all be lost), and
// duplicates at most 2 % of the run, counted after the resend tail (README: a request in flight at a
// reload, then a 503 storm within ~250 ms, resends 40–280 logs by design; a run draws it about one
// time in ten, so the 0.5 % is not yet held here). The seed is printed first;
// CHAOS_SEED=<n> replays its schedule (not its timing).
import { test, expect } from '@playwright/test';
import { COLLECTOR } from './collector.ts';
import { runChaos } from './chaos.ts';

const TOTAL = 15_000;

test('chaos: 15,000 logs through reloads, crashes, offline windows, 503 storms and two tabs', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
  console.log(`chaos seed=${seed} (replay: CHAOS_SEED=${seed} npx playwright test test/e2e/chaos.spec.ts)`);
  test.info().annotations.push({ type: 'chaos seed', description: String(seed) });
  const result = await runChaos({ browser, collector: COLLECTOR, pages: baseURL!, total: TOTAL, seed, settleMs: 60_000 });
  test.info().annotations.push({ type: 'chaos', description: JSON.stringify({ seed, ...result }) });
  const { timeline: _timeline, ...figures } = result;
  console.log(`chaos seed=${seed}`, JSON.stringify(figures));
  expect(result.tracked).toBe(TOTAL);
  expect(result.lost, `lost ids: ${result.lostIds.join(',')} (seed ${seed})`).toBe(0);
  expect(result.crashArrived, `logs of a crashed task that arrived (seed ${seed})`).toBe(0);
  expect(result.duplicated, `duplicated ids: ${result.duplicatedIds.join(',')} (seed ${seed})`).toBeLessThanOrEqual(Math.floor(TOTAL * 0.02));
});
