// A smaller run of `npm run chaos` (README, "Delivery"): lost must be 0, duplicated ≤ 0.5 %.
import { test, expect } from '@playwright/test';
import { COLLECTOR } from './collector.ts';
import { runChaos } from './chaos.ts';

test('chaos: 15,000 logs through reloads, crashes, offline windows, 503 storms and two tabs', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
  const result = await runChaos({ browser, collector: COLLECTOR, pages: baseURL!, total: 15_000, seed, settleMs: 60_000 });
  test.info().annotations.push({ type: 'chaos', description: JSON.stringify({ seed, ...result }) });
  console.log(`chaos seed=${seed}`, JSON.stringify(result));
  expect(result.tracked).toBe(15_000);
  expect(result.lost, `lost ids: ${result.lostIds.join(',')} (seed ${seed})`).toBe(0);
  expect(result.duplicated).toBeLessThanOrEqual(Math.floor(15_000 * 0.005));
});
