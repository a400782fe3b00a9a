// Signed mode (issue 21): sls-webtrack/sts (dist/sts.mjs, minified) in Chromium against the
// collector in its signed mode (--signed: anonymous writes refused, signatures verified, STS
// tokens from its stand-in for AssumeRole; started by playwright.config.ts on COLLECTOR_PORT + 2).
// The page and the collector are on different ports: every request is cross-origin, preflighted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { startDemo, stopDemo } from './startDemo.ts';

const SIGNED = `http://127.0.0.1:${Number(process.env.COLLECTOR_PORT ?? 8790) + 2}`;

interface Rec {
  status: number;
  errorCode: string | null;
  auth: 'anonymous' | 'signed';
  mode: string;
  compressType: string;
  logs: number | null;
}

const api = async <T>(path: string, method = 'GET'): Promise<T> => {
  const res = await fetch(`${SIGNED}/_collector/${path}`, { method });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
};
const requests = async () => (await api<{ requests: Rec[] }>('requests')).requests;
const logs = async () => (await api<{ logs: Array<Record<string, string>> }>('logs?logstore=web&project=demo')).logs;

/** Logs of `run` at the collector, by index: each must be there once, with its text. */
async function arrived(run: string, n: number): Promise<{ lost: number; duplicated: number; wrong: number }> {
  const seen = new Map<string, number>();
  let wrong = 0;
  for (const l of await logs()) {
    if (l.run !== run) continue;
    seen.set(l.i!, (seen.get(l.i!) ?? 0) + 1);
    const i = Number(l.i);
    if (l.text !== (i % 3 === 0 ? 'ascii only' : i % 3 === 1 ? '日本語のログ' : 'émoji 🎉 ✓')) wrong++;
  }
  let lost = 0;
  for (let i = 0; i < n; i++) if (!seen.has(String(i))) lost++;
  return { lost, duplicated: [...seen.values()].reduce((d, c) => d + c - 1, 0), wrong };
}
const allArrive = (run: string, n: number, timeout = 15_000) =>
  expect.poll(() => arrived(run, n), { timeout, intervals: [100, 200, 500] }).toEqual({ lost: 0, duplicated: 0, wrong: 0 });

const page = (extra: Record<string, string> = {}) => `/sts.html?${new URLSearchParams({ host: SIGNED, flushInterval: '200', ...extra })}`;

/** Opens the page; records every request URL and console line, and the credentials the page was given. */
async function open(p: Page, extra: Record<string, string> = {}) {
  const seen = { urls: [] as string[], console: [] as string[], secrets: [] as string[] };
  p.on('request', (r) => seen.urls.push(r.url()));
  p.on('console', (m) => seen.console.push(m.text()));
  p.on('response', async (r) => {
    if (!r.url().includes('/_collector/sts/token')) return;
    const c = (await r.json().catch(() => ({}))) as { accessKeySecret?: string; securityToken?: string };
    if (c.accessKeySecret) seen.secrets.push(c.accessKeySecret, c.securityToken!);
  });
  await p.goto(page(extra));
  await p.waitForFunction(() => (window as any).ready);
  return seen;
}
const burst = (p: Page, run: string, n: number) => p.evaluate(({ run, n }) => (window as any).trackBurst({ run, n }), { run, n });

test.beforeEach(async () => {
  await api('reset', 'POST');
});

test('ASCII and multibyte logs all arrive signed, lz4 and deflate; nothing anonymous; no secret in any storage, URL or console', async ({ page: p }) => {
  const seen = await open(p);
  await burst(p, 'lz4', 300);
  await allArrive('lz4', 300);
  await p.goto('about:blank');
  await open(p, { compress: 'deflate' });
  await burst(p, 'deflate', 300);
  await allArrive('deflate', 300);
  const recs = await requests();
  expect(recs.length).toBeGreaterThan(0);
  expect(recs.filter((r) => r.auth !== 'signed' || r.status !== 200)).toEqual([]);
  expect(new Set(recs.map((r) => r.compressType))).toEqual(new Set(['lz4', 'deflate']));
  expect(await p.evaluate(() => (window as any).tokenCalls)).toBe(1);

  // The secret scan: every IndexedDB database and store, localStorage, sessionStorage, the
  // console, every request URL.
  const storage = await p.evaluate(async () => {
    const out: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of db.objectStoreNames) {
        const rows = await new Promise<unknown[]>((resolve) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
        });
        out.push(name!, store, JSON.stringify(rows));
      }
      db.close();
    }
    return out.join('\n');
  });
  expect(seen.secrets.length, 'two pages, a secret and a token each').toBe(4);
  expect(storage).toContain('sls-webtrack');
  for (const s of seen.secrets) {
    expect(storage.includes(s), 'secret or token in storage').toBe(false);
    expect(seen.urls.some((u) => u.includes(s) || u.includes(encodeURIComponent(s))), 'secret or token in a URL').toBe(false);
    expect(seen.console.some((m) => m.includes(s)), 'secret or token in the console').toBe(false);
  }
});

test('a token that expires mid-stream, and one near its expiration: refreshed, nothing lost', async ({ page: p }) => {
  await open(p);
  await burst(p, 'before', 100);
  await allArrive('before', 100);
  // Every live token (the collector keeps those of earlier tests too): the page's among them.
  expect((await api<{ expired: number }>('sts/expire', 'POST')).expired).toBeGreaterThan(0);
  await burst(p, 'after', 100);
  await allArrive('after', 100);
  expect(await p.evaluate(() => (window as any).tokenCalls)).toBe(2);
  const recs = await requests();
  expect(recs.filter((r) => r.status === 401).map((r) => r.errorCode)).toEqual(['Unauthorized']);
  expect(await p.evaluate(() => (window as any).errors)).toEqual([]);

  // A token of 2 s is asked for again at half its life, before the service refuses it.
  await api('reset', 'POST');
  await p.goto('about:blank');
  await open(p, { ttl: '2' });
  await burst(p, 'short1', 50);
  await allArrive('short1', 50);
  await p.waitForTimeout(1200);
  await burst(p, 'short2', 50);
  await allArrive('short2', 50);
  expect(await p.evaluate(() => (window as any).tokenCalls)).toBe(2);
  expect((await requests()).filter((r) => r.status !== 200)).toEqual([]);
});

test('a provider that rejects, then recovers: reported once, retried with backoff, nothing lost', async ({ page: p }) => {
  await open(p, { fail: '3' });
  await burst(p, 'flaky', 120);
  await allArrive('flaky', 120, 20_000);
  expect(await p.evaluate(() => (window as any).tokenCalls)).toBe(4);
  const errors = await p.evaluate(() => (window as any).errors);
  expect(errors.map((e: { status: number; errorCode: string }) => `${e.status} ${e.errorCode}`)).toEqual(['0 CredentialsUnavailable']);
  expect(await p.evaluate(() => (window as any).drops)).toEqual([]);
  expect((await requests()).every((r) => r.auth === 'signed' && r.status === 200)).toBe(true);
});

test("the signing clock off by 20 minutes: corrected from the service's Date, nothing lost", async ({ page: p }) => {
  await api('sts/clock?offsetMs=1200000', 'POST');
  await open(p);
  await burst(p, 'skew', 60);
  await allArrive('skew', 60);
  const recs = await requests();
  expect(recs.filter((r) => r.status !== 200).map((r) => r.errorCode)).toEqual(['RequestTimeExpired']);
});

test("logs tracked in a link's click handler arrive, signed (left for the next page: no beacon)", async ({ page: p }) => {
  const seen = await open(p, { to: page() });
  for (const [k, n] of [1, 40, 400].entries()) {
    const run = `link${n}`;
    if (k) await open(p, { to: page() });
    await p.evaluate((b) => ((window as any).burst = b), { run, n });
    await p.click('#go');
    await p.waitForURL(/sts\.html/);
    await allArrive(run, n);
  }
  expect((await requests()).filter((r) => r.auth !== 'signed' || r.status !== 200)).toEqual([]);
  for (const s of seen.secrets) expect(seen.urls.some((u) => u.includes(s))).toBe(false);
});

test('npm start -- --signed: the signed page writes (multibyte too, after a token expired), the anonymous SPA is refused', async ({ page: p }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sls-webtrack-sts-demo-'));
  const demo = await startDemo(dataDir, ['--signed']);
  try {
    const stored = async () =>
      ((await (await fetch(`${demo.collector}/_collector/logs?logstore=web&project=demo`)).json()) as { logs: Array<Record<string, string>> }).logs;
    await p.goto(demo.signed);
    await p.click('#multibyte');
    await expect.poll(async () => (await stored()).map((l) => l.text ?? null)).toContain('日本語 · émoji 🎉 · Ünïcödé');
    await p.click('#expire');
    await expect(p.locator('.notes')).toContainText('token(s) expired');
    await p.click('#track');
    await expect.poll(async () => (await stored()).filter((l) => l.event === 'signed_click').length).toBe(1);
    await expect(p.locator('.notes li')).toHaveCount(5); // 2 credentials(), 3 buttons: no onError
    await p.goto(demo.site);
    const anonymous = await p.evaluate(async (collector) => {
      const r = await fetch(`${collector}/logstores/web/track?APIVersion=0.6.0`, { method: 'POST', body: '{"__logs__":[{"a":"1"}]}' });
      return r.status;
    }, demo.collector);
    expect(anonymous).toBe(401);
    const recs = (await (await fetch(`${demo.collector}/_collector/requests`)).json()) as { requests: Rec[] };
    expect(recs.requests.filter((r) => r.auth === 'signed').map((r) => r.status)).toEqual([200, 401, 200]);
  } finally {
    await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
