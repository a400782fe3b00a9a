// npm run chaos [-- --total 20000 --seed 42]: the full chaos run (test/e2e/chaos.ts) on its own
// collector, page server and Chromium. Prints lost (must be 0) and duplicated (must be ≤ 0.5 %),
// and exits non-zero when either promise is broken.
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';
import { startCollector } from '../demo/collector/startCollector.ts';
import { startStaticServer } from '../demo/staticServer.ts';
import { runChaos } from '../test/e2e/chaos.ts';

const { values } = parseArgs({
  options: { total: { type: 'string', default: '20000' }, seed: { type: 'string' } },
});
const total = Number(values.total);
const seed = Number(values.seed ?? Date.now() % 100_000);

const collector = await startCollector({ port: 0 });
const pages = await startStaticServer({ port: 0, mounts: { '/dist': 'dist', '/': 'test/e2e/pages' } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
let failed: boolean;
try {
  console.log(`chaos: ${total} logs, seed ${seed}`);
  const r = await runChaos({ browser, collector: collector.url, pages: pages.url, total, seed, log: (l) => console.log(`  ${l}`) });
  const dupPct = (100 * r.duplicated) / r.tracked;
  console.log(`tracked ${r.tracked}, arrived ${r.arrived}, lost ${r.lost}, duplicated ${r.duplicated} (${dupPct.toFixed(3)} %), ${r.seconds} s`);
  console.log(`events ${JSON.stringify(r.events)}`);
  if (r.lost) console.log(`lost ids (first 50): ${r.lostIds.join(', ')}`);
  if (r.duplicated) console.log(`duplicated ids (first 50): ${r.duplicatedIds.join(', ')}`);
  if (process.env.CHAOS_TIMELINE) console.log(r.timeline.map(([t, e]) => `${t} ${e}`).join('\n'));
  failed = r.lost > 0 || dupPct > 0.5;
  console.log(failed ? 'FAIL: lost must be 0 and duplicated ≤ 0.5 %' : 'OK: nothing lost, duplicates within 0.5 %');
} finally {
  await browser.close();
  await pages.close();
  await collector.close();
}
process.exit(failed ? 1 : 0);
