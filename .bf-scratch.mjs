import { chromium } from 'playwright-core';
const variants = [
  { name: 'default', ignore: [] , route: false},
  { name: 'bfcache-on', ignore: ['--disable-back-forward-cache'], route: false },
  { name: 'bfcache-on+route(no no-store)', ignore: ['--disable-back-forward-cache'], route: true },
];
for (const v of variants) {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', ignoreDefaultArgs: v.ignore, args: ['--no-sandbox', '--disable-gpu'] });
  const p = await b.newPage();
  if (v.route) await p.route('**/*.html', async (r) => { const res = await r.fetch(); const h = { ...res.headers() }; delete h['cache-control']; await r.fulfill({ response: res, headers: h }); });
  await p.goto('http://127.0.0.1:8891/blank.html');
  await p.evaluate(() => addEventListener('pageshow', (e) => { if (e.persisted) window.restored = true; }));
  await p.goto('http://127.0.0.1:8891/esm.html');
  await p.goBack({ waitUntil: 'commit' }); await p.waitForTimeout(500);
  const r = await p.evaluate(() => [window.restored === true, JSON.stringify(performance.getEntriesByType('navigation')[0]?.notRestoredReasons)]);
  console.log(v.name, r);
  await b.close();
}
