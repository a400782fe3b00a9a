// Firefox through puppeteer-core over WebDriver BiDi: Debian's firefox-esr, headless, a fresh
// profile per launch. No geckodriver is needed; Firefox speaks BiDi itself.
import puppeteer from 'puppeteer-core';
import type { Engine, Tab } from './Engine.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // The collector and the pages are loopback; nothing else may be reached.
    extraPrefsFirefox: { 'network.dns.disableIPv6': true, 'app.update.enabled': false },
  });
  const version = await browser.version();
  return {
    name: 'firefox',
    version,
    async newTab(): Promise<Tab> {
      const page = await browser.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        click: (selector) => page.click(selector),
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}
