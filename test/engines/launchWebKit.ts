// WebKit through WebKitGTK's WebDriver (Debian's webkit2gtk-driver) and selenium-webdriver,
// classic WebDriver over HTTP. MiniBrowser needs a display: the driver runs under xvfb-run.
// WebKitGTK is Safari's engine, not Safari: the network stack (libsoup) and the process model
// around WebCore differ.
import { spawn, type ChildProcess } from 'node:child_process';
import { Builder, By } from 'selenium-webdriver';
import type { Engine, Tab } from './Engine.ts';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const port = Number(process.env.WEBDRIVER_PORT ?? 8792);

async function driverUp(child: ChildProcess): Promise<void> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port}`);
}

export async function launchWebKit(): Promise<Engine> {
  const child = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', detached: true });
  const stop = () => { try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ } };
  try {
    await driverUp(child);
  } catch (e) {
    stop();
    throw e;
  }
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}`)
    .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } })
    .build();
  const caps = await driver.getCapabilities();
  // Closing the last window would end the session: this one stays open, blank.
  const home = await driver.getWindowHandle();
  const inTab = async (handle: string) => driver.switchTo().window(handle);
  return {
    name: 'webkit',
    version: `WebKitGTK ${String(caps.get('browserVersion'))}`,
    async newTab(): Promise<Tab> {
      await inTab(home);
      // A window, not a tab: MiniBrowser's background tabs are hidden (visibilityState), as no user's page is.
      await driver.switchTo().newWindow('window');
      const handle = await driver.getWindowHandle();
      return {
        goto: async (url) => { await inTab(handle); await driver.get(url); },
        evaluate: async (fn, arg) => { await inTab(handle); return driver.executeScript(fn as never, arg); },
        click: async (selector) => { await inTab(handle); await driver.findElement(By.css(selector)).click(); },
        close: async () => { await inTab(handle); await driver.close(); await inTab(home); },
      };
    },
    async close() {
      await driver.quit().catch(() => undefined);
      stop();
    },
  };
}
