// Test pages are static files, but the collector's port varies (COLLECTOR_PORT): pages that take
// their whole configuration from data- attributes are served with placeholders filled in.
import type { Page } from '@playwright/test';
import { COLLECTOR } from './collector.ts';

/** Serves the page's HTML with `__COLLECTOR__` → the collector's origin and `__ATTRS__` → `attrs`. */
export async function fillPlaceholders(page: Page, attrs = ''): Promise<void> {
  // A document fulfilled by page.route has no IP address space: Chromium's Local Network Access
  // then takes it for a public page and blocks its requests to the loopback collector
  // (https://wicg.github.io/local-network-access/). Served directly it is loopback itself and
  // needs no permission, so granting it changes nothing else.
  await page.context().grantPermissions(['local-network-access']);
  await page.route(/\.html(\?|#|$)/, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replaceAll('__ATTRS__', attrs).replaceAll('__COLLECTOR__', COLLECTOR);
    await route.fulfill({ response: res, body });
  });
}
