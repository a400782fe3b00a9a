// The in-page half of the benchmark: bench/run.ts drives these functions with page.evaluate.
// Trackers: `ours` is sls-webtrack's npm entry (dist/sls-webtrack.mjs: core + lz4, persistence on
// by default); `official` is @aliyun-sls/web-track-browser's SlsTracker (window.SlsOfficial,
// bundled by the runner), both pointed at the local collector.
import { createTracker } from '/dist/sls-webtrack.mjs';
import { makeLogs } from '/bench/workload.js';

const PROJECT = 'demo';
const LOGSTORE = 'web';

// Long tasks (≥ 50 ms, the API's floor) of the whole page life; each phase filters by time.
const longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // no Long Tasks API: the gap sampler still measures
}

let tracker;
let pool = [];
let loopEnd = 0;
let done;

/** One tracker of the given kind; `options` are added to (and override) the defaults. */
function make(kind, collector, options = {}) {
  if (kind === 'ours') {
    const t = createTracker({ host: collector, project: PROJECT, logstore: LOGSTORE, ...options });
    return { track: (log) => t.track(log), settle: () => t.shutdown(), flush: () => t.flush(), stats: () => t.stats() };
  }
  // The official SDK's defaults are time: 10 (s) and count: 10 (logs per request).
  const t = new window.SlsOfficial({ host: collector, project: PROJECT, logstore: LOGSTORE, ...options });
  return { track: (log) => t.send(log), settle: async () => {}, flush: async () => t.sendImmediateInner(), stats: () => undefined };
}

/** Creates the tracker and the log pool (10,000 reference logs, reused in turn); not timed. */
export async function prepare(kind, collector, options, poolSize = 10_000) {
  pool = makeLogs(poolSize);
  tracker = make(kind, collector, options);
  // Let the tracker finish opening IndexedDB, as a page would long before its 100,000th log.
  await new Promise((r) => setTimeout(r, 300));
  return pool.length;
}

/**
 * `n` calls of track() (ours) or send() (official) in one loop: the synchronous call time. Then
 * starts the tracker's own completion (ours: shutdown(), which flushes and waits for the store).
 * `around(phase)` runs right before and right after the loop, in the same task.
 */
export function runLoop(n, around = () => {}) {
  const p = pool;
  const len = p.length;
  around('ready');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) tracker.track(p[i % len]);
  loopEnd = performance.now();
  around('loop-end');
  done = tracker.settle().then(() => performance.now());
  return loopEnd - t0;
}

/** After the queue is flushed: when the tracker said so, the long tasks after the loop, stats. */
export async function finish() {
  const settledAt = await done;
  return {
    settledMs: settledAt - loopEnd,
    longTasks: longTasks.filter((t) => t.start >= loopEnd).map((t) => Math.round(t.duration)),
    stats: tracker.stats(),
  };
}

/**
 * Measures the gaps between consecutive MessageChannel messages: a gap is the time the main
 * thread spent on something else (a task of the tracker, here). Resolution: well under 1 ms.
 */
function startSampler() {
  const ch = new MessageChannel();
  const gaps = [];
  let last = performance.now();
  let on = true;
  ch.port1.onmessage = () => {
    const now = performance.now();
    gaps.push([last, now - last]);
    last = now;
    if (on) ch.port2.postMessage(0);
  };
  ch.port2.postMessage(0);
  return () => {
    on = false;
    return gaps;
  };
}

/**
 * The 3 MB test: tracks text-heavy logs until their bodies add up to `targetBytes`, then flushes
 * them as one batch while a sampler measures the main thread. Returns the longest gap (the
 * longest task, whatever it was) and the long tasks the browser reported.
 */
export async function flushBig(collector, targetBytes, pad) {
  const logs = makeLogs(5000, { pad, seed: 7 });
  const t = make('ours', collector, { flushInterval: 3_600_000 });
  await new Promise((r) => setTimeout(r, 300));
  let bytes = 14; // {"__logs__":[]}
  let n = 0;
  const t0 = performance.now();
  while (n < logs.length && bytes < targetBytes) {
    bytes += JSON.stringify(logs[n]).length + 45; // + the tracker's _ts, _id and a comma
    t.track(logs[n++]);
  }
  const t1 = performance.now();
  // What runs right after the user's loop in the same task (the store write is a microtask).
  await new Promise((r) => setTimeout(r, 0));
  const tail = performance.now() - t1;
  await new Promise((r) => setTimeout(r, 200));
  const from = performance.now();
  const stop = startSampler();
  const flushStart = performance.now();
  await t.flush();
  const flushMs = performance.now() - flushStart;
  await new Promise((r) => setTimeout(r, 300));
  const gaps = stop();
  await t.settle();
  const top = gaps.map(([, g]) => g).sort((a, b) => b - a);
  return {
    logs: n,
    loopMs: t1 - t0,
    tailMs: tail,
    flushMs,
    longestGap: top[0] ?? 0,
    topGaps: top.slice(0, 5),
    longTasks: longTasks.filter((x) => x.start >= from).map((x) => Math.round(x.duration)),
  };
}

/**
 * Recovery (issue 19): stores a backlog of `n` logs (the reference pool, rows of 1,000) as a tab
 * that died in an outage leaves it, in the database of `collector`'s track URL. Not timed.
 */
export async function seedBacklog(collector, n) {
  const logs = makeLogs(10_000);
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open(`sls-webtrack ${collector}/logstores/${LOGSTORE}/track`);
    r.onupgradeneeded = () => r.result.createObjectStore('logs');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const group = JSON.stringify({ topic: '', source: '', tags: {} });
  const t0 = Date.now() - 3_600_000;
  for (let from = 0; from < n; from += 10_000) {
    const tx = db.transaction('logs', 'readwrite');
    for (let r = from; r < Math.min(n, from + 10_000); r += 1000) {
      const row = [];
      for (let i = r; i < Math.min(n, r + 1000); i++) {
        // As normalizeLog leaves a log: every value a string.
        const fields = Object.entries({ ...logs[i % logs.length], _ts: t0 + i, _id: `dead${i.toString(36)}` });
        const json = JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [k, typeof v == 'string' ? v : JSON.stringify(v)])));
        row.push([`dead${i.toString(36)}`, t0 + i, json, json.length]);
      }
      tx.objectStore('logs').put({ g: group, o: 'dead', l: row }, [row[0][1], row[0][0]]);
    }
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
  }
  db.close();
}

/**
 * The next visit after the outage: a tracker takes the stored backlog of `n` logs over and sends
 * it, while the sampler measures the main thread. Returns the longest task, the main thread's busy
 * time (gaps of 1 ms or more) and the wall time until every log was accepted.
 */
export async function recover(collector, n) {
  const stop = startSampler();
  const from = performance.now();
  const t = make('ours', collector, { maxStoredLogs: Math.max(20_000, n), maxQueueBytes: 256 * 1024 * 1024 });
  while (t.stats().sent < n && performance.now() - from < 120_000) await new Promise((r) => setTimeout(r, 20));
  const wallMs = performance.now() - from;
  const gaps = stop().map(([, g]) => g);
  await t.settle();
  return {
    sent: t.stats().sent,
    wallMs,
    busyMs: gaps.filter((g) => g >= 1).reduce((a, g) => a + g, 0),
    longestGap: gaps.reduce((a, g) => Math.max(a, g), 0),
    longTasks: longTasks.filter((x) => x.start >= from).map((x) => Math.round(x.duration)),
  };
}

window.bench = { prepare, runLoop, finish, flushBig, seedBacklog, recover };
window.dispatchEvent(new Event('bench-ready'));
