// The collector's live viewer (/viewer/) in Chromium, against the suite's collector: log values are
// text and never run, the polling fallback, filters, per-request details and the reset button.
import { request } from 'node:http';
import { test, expect, type Page } from '@playwright/test';
import { COLLECTOR, resetCollector } from './collector.ts';

const img = '<img src=x onerror="window.__xss=1">';
const script = '</script><script>window.__xss=2</script>';
const topicMarkup = '<img src=x onerror="window.__xss=3">';

/** Posts one body in query mode (no compression) as the drop-in's fallback does; returns the status. */
async function track(body: object, logstore = 'web'): Promise<number> {
  const res = await fetch(`${COLLECTOR}/logstores/${logstore}/track?APIVersion=0.6.0`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return res.status;
}

/** The same to another project, chosen by the Host header as on the service (`<project>.<endpoint>`). */
function trackInProject(project: string, logstore: string, body: object): Promise<number> {
  const { port } = new URL(COLLECTOR);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/logstores/${logstore}/track?APIVersion=0.6.0`,
        headers: { host: `${project}.localhost:${port}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function openViewer(page: Page, state: 'live' | 'polling' = 'live'): Promise<void> {
  await page.goto(`${COLLECTOR}/viewer/`);
  await expect(page.locator('#connection')).toHaveAttribute('data-state', state);
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Value cells holding exactly `value` under `key` (relative: usable inside a row's `has`). */
const valueCell = (page: Page, key: string, value: string) =>
  page
    .locator('.field')
    .filter({ has: page.locator('.k', { hasText: exactly(key) }) })
    .locator('.v')
    .filter({ hasText: exactly(value) });

test.beforeEach(async () => {
  await resetCollector();
});

test('XSS probe: markup in log values, topic and source is shown as text and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const probe = (n: number) => ({
    __topic__: topicMarkup,
    __source__: script,
    __logs__: [{ probe: `xss-${n}`, img, script, both: `${script}${img}` }],
  });

  // One before the viewer opens (it comes from /_collector/logs), one after (from the event stream).
  expect(await track(probe(1))).toBe(200);
  await openViewer(page);
  expect(await track(probe(2))).toBe(200);

  for (const n of [1, 2]) {
    const row = page.locator('#logs > li').filter({ has: valueCell(page, 'probe', `xss-${n}`) });
    await expect(row).toHaveCount(1);
    await expect(row.locator('.v').filter({ hasText: exactly(img) })).toHaveCount(1);
    await expect(row.locator('.v').filter({ hasText: exactly(script) })).toHaveCount(2);
    await expect(row.locator('.v').filter({ hasText: exactly(`${script}${img}`) })).toHaveCount(1);
    await expect(row.locator('.topic')).toHaveText(topicMarkup);
  }
  // The topic filter lists the hostile topic as an option's text.
  await expect(page.locator('#f-topic option', { hasText: topicMarkup })).toHaveCount(1);
  await expect(page.locator('#requests tbody tr')).toHaveCount(2);

  // Nothing ran and no element came from the data: every value cell holds one text node.
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('#logs script, #requests script').count()).toBe(0);
  const elementChildren = await page.locator('#logs .v, #logs .topic, #requests td').evaluateAll((cells) =>
    cells.reduce((n, cell) => n + cell.children.length, 0),
  );
  expect(elementChildren).toBe(0);
  expect(dialogs).toEqual([]);
});

test('the page forbids inline script: its Content-Security-Policy', async ({ page }) => {
  await openViewer(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  // A script injected the way a missed escape would inject it does not run.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
  });
  expect(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
});

test('without the event stream it polls, and still shows logs as they arrive', async ({ page }) => {
  await page.route('**/_collector/events', (route) => route.abort());
  await openViewer(page, 'polling');
  expect(await track({ __logs__: [{ probe: 'polled' }] })).toBe(200);
  await expect(valueCell(page, 'probe', 'polled')).toHaveCount(1);
  await expect(page.locator('#c-logs')).toHaveText('1');
  await expect(page.locator('#c-requests')).toHaveText('1');
});

test('requests show mode, encoding, bytes, ratio and error codes; counters add up', async ({ page }) => {
  await openViewer(page);
  expect(await track({ __topic__: 't1', __logs__: [{ a: '1' }, { a: '2' }, { a: '3' }] })).toBe(200);
  expect(await track({ __logs__: [{ a: 'closed' }] }, 'closed')).toBe(401);
  expect(await track({ __logs__: [{ a: 'missing' }] }, 'no-such-logstore')).toBe(404);

  const rows = page.locator('#requests tbody tr');
  await expect(rows).toHaveCount(3);
  // Newest first.
  await expect(rows.nth(0)).toContainText('404 LogStoreNotExist');
  await expect(rows.nth(0)).toHaveClass(/is-error/);
  await expect(rows.nth(1)).toContainText('401 Unauthorized');
  const ok = rows.nth(2).locator('td');
  await expect(ok.nth(1)).toHaveText('POST · query');
  await expect(ok.nth(2)).toHaveText('demo (default: the Host names no project) / web');
  await expect(ok.nth(3)).toHaveText('t1');
  await expect(ok.nth(4)).toHaveText('none');
  await expect(ok.nth(5)).toHaveText('3');
  await expect(ok.nth(8)).toHaveText('1.0×');
  await expect(ok.nth(9)).toHaveText('200');

  await expect(page.locator('#c-requests')).toHaveText('3');
  await expect(page.locator('#c-logs')).toHaveText('3');
  await expect(page.locator('#c-errors')).toHaveText('2');
  await expect(page.locator('#logs > li')).toHaveCount(3);
});

test('filters by project, logstore and topic', async ({ page }) => {
  await openViewer(page);
  expect(await track({ __topic__: 'checkout', __logs__: [{ probe: 'web-checkout' }] })).toBe(200);
  expect(await track({ __topic__: 'search', __logs__: [{ probe: 'web-search' }] })).toBe(200);
  expect(await track({ __topic__: 'checkout', __logs__: [{ probe: 'events-checkout' }] }, 'events')).toBe(200);
  expect(await trackInProject('other', 'web', { __logs__: [{ probe: 'other-web' }] })).toBe(200);
  const shown = page.locator('#logs > li');
  await expect(shown).toHaveCount(4);

  await page.locator('#f-logstore').selectOption('events');
  await expect(shown).toHaveCount(1);
  await expect(valueCell(page, 'probe', 'events-checkout')).toHaveCount(1);

  await page.locator('#f-logstore').selectOption('');
  await page.locator('#f-topic').selectOption({ label: 'checkout' });
  await expect(shown).toHaveCount(2);
  await expect(page.locator('#requests tbody tr')).toHaveCount(2);

  await page.locator('#f-topic').selectOption('');
  await page.locator('#f-project').selectOption('other');
  await expect(shown).toHaveCount(1);
  await expect(valueCell(page, 'probe', 'other-web')).toHaveCount(1);

  await page.locator('#f-project').selectOption('');
  await page.locator('#f-text').fill('SEARCH');
  await expect(shown).toHaveCount(1);
  await expect(valueCell(page, 'probe', 'web-search')).toHaveCount(1);
});

test('reset clears the collector and the view', async ({ page }) => {
  await openViewer(page);
  expect(await track({ __logs__: [{ probe: 'before-reset' }] })).toBe(200);
  await expect(page.locator('#logs > li')).toHaveCount(1);

  await page.locator('#reset').click();
  await expect(page.locator('#logs > li')).toHaveCount(0);
  await expect(page.locator('#requests tbody tr')).toHaveCount(0);
  await expect(page.locator('#c-logs')).toHaveText('0');
  await expect(page.locator('#c-requests')).toHaveText('0');
  const res = await fetch(`${COLLECTOR}/_collector/logs?logstore=web`);
  expect(((await res.json()) as { total: number }).total).toBe(0);

  expect(await track({ __logs__: [{ probe: 'after-reset' }] })).toBe(200);
  await expect(valueCell(page, 'probe', 'after-reset')).toHaveCount(1);
  await expect(page.locator('#c-logs')).toHaveText('1');
});
