// The collector and the test pages, started as playwright.config.ts starts them for Chromium:
// the same demo/collector on COLLECTOR_PORT, the same page server (and minified bundle) on PAGE_PORT.
import { spawn, type ChildProcess } from 'node:child_process';
import { COLLECTOR } from '../e2e/collector.ts';

export const PAGES = `http://127.0.0.1:${process.env.PAGE_PORT ?? 8791}`;

async function up(url: string, child: ChildProcess): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** Starts both servers; resolves with the function that stops them. */
export async function startServers(): Promise<() => void> {
  // Another worktree's servers on these ports would answer for ours: refuse to share them.
  for (const url of [`${COLLECTOR}/_collector/health`, `${PAGES}/`]) {
    if (await fetch(url).then(() => true, () => false)) throw new Error(`${new URL(url).origin} is taken: set COLLECTOR_PORT and PAGE_PORT`);
  }
  const tsx = ['--import', 'tsx'];
  const collector = spawn(process.execPath, [...tsx, 'demo/collector/main.ts', '--port', new URL(COLLECTOR).port], { stdio: 'ignore' });
  const pages = spawn(process.execPath, [...tsx, 'test/e2e/pageServer.ts'], {
    stdio: 'ignore',
    env: { ...process.env, PAGE_PORT: new URL(PAGES).port },
  });
  const stop = () => { collector.kill('SIGTERM'); pages.kill('SIGTERM'); };
  try {
    await up(`${COLLECTOR}/_collector/health`, collector);
    await up(`${PAGES}/dist/sls-webtrack.min.js`, pages);
  } catch (e) {
    stop();
    throw e;
  }
  return stop;
}
