// A renderer crash in the very task that tracked (issue 22, item 12). A page of the context calls
// `crashInThisTask()`: it asks the test to crash it (CDP Page.crash, which kills the renderer even
// while its main thread is busy) and keeps the main thread busy until the crash lands. So the task
// never ends: nothing tracked in it reaches IndexedDB, and no pagehide, visibilitychange or freeze
// runs to journal it. That is the last moment with no wait at all.
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

export async function armCrashes(context: BrowserContext): Promise<void> {
  // Each page's CDP session is opened with the page: attaching while its main thread spins would
  // wait for the task to end, and the crash would come after the store write it must precede.
  const sessions = new Map<Page, Promise<CDPSession>>();
  const attach = (page: Page) => void sessions.set(page, context.newCDPSession(page));
  context.pages().forEach(attach);
  context.on('page', attach);
  await context.exposeBinding('crashRenderer', async ({ page }) => {
    const cdp = await (sessions.get(page) ?? context.newCDPSession(page));
    void cdp.send('Page.crash').catch(() => undefined); // never answers: the renderer is gone
  });
  await context.addInitScript(() => {
    (window as any).crashInThisTask = () => {
      void (window as any).crashRenderer();
      const end = performance.now() + 10_000;
      while (performance.now() < end);
      throw new Error('the renderer did not crash within 10 s');
    };
  });
}
