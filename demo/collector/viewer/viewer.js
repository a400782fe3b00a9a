// @ts-check
// The collector's live viewer: every log and request as it arrives, from the collector's
// Server-Sent Events (/_collector/events), with polling of /_collector/requests and
// /_collector/logs when the stream is down.
//
// Log values come from arbitrary pages and are hostile by assumption: every one is put in the DOM
// as text (textContent / text nodes), never parsed as HTML; the page's CSP forbids inline script
// as a second line of defence. The DOM is bounded (the newest SHOWN_* rows); the counters count
// everything.

/** @typedef {Record<string, string>} StoredLog */
/**
 * @typedef {{ id: number, time: number, method: string, project: string, logstore: string,
 *   mode: string, compressType: string, rawBytes: number | null, wireBytes: number,
 *   logs: number | null, status: number, errorCode: string | null, topic: string | null,
 *   origin: string | null, injected: boolean, durationMs: number, projectBy: string }} RequestRecord
 */
/** @typedef {{ project: string, logstore: string, index: number, log: StoredLog }} LogEvent */
/**
 * A log as shown: values already clipped, so a 1 MB value is not kept (or searched) whole.
 * @typedef {{ project: string, logstore: string, index: number, topic: string, time: number,
 *   kind: string, fields: Array<[string, string]>, search: string }} LogEntry
 */

const SHOWN_LOGS = 500;
const SHOWN_REQUESTS = 200;
/** Kept in memory beyond what is shown, so a change of filter has something to show. */
const KEPT_LOGS = 5000;
const KEPT_REQUESTS = 2000;
/** Characters of a long value shown from its start and from its end. */
const VALUE_HEAD = 240;
const VALUE_TAIL = 80;
/** `since` beyond any index: the logs endpoint then answers only the total. */
const END = '999999999999999';
const POLL_MS = 2000;
const RENDER_MS = 100;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const select = (/** @type {string} */ id) => /** @type {HTMLSelectElement} */ ($(id));
const ui = {
  connection: $('connection'),
  reset: /** @type {HTMLButtonElement} */ ($('reset')),
  counters: {
    requests: $('c-requests'),
    logs: $('c-logs'),
    raw: $('c-raw'),
    wire: $('c-wire'),
    ratio: $('c-ratio'),
    errors: $('c-errors'),
  },
  project: select('f-project'),
  logstore: select('f-logstore'),
  topic: select('f-topic'),
  text: /** @type {HTMLInputElement} */ ($('f-text')),
  requests: /** @type {HTMLTableSectionElement} */ (/** @type {HTMLTableElement} */ ($('requests')).tBodies[0]),
  logs: $('logs'),
  logsNote: $('logs-note'),
  requestsNote: $('requests-note'),
};

const state = {
  /** @type {Array<{ project: string, logstore: string }>} */
  logstores: [],
  /** Next log index expected per `project/logstore`: also how many logs it holds. @type {Map<string, number>} */
  next: new Map(),
  lastRequestId: 0,
  /** @type {LogEntry[]} */
  logs: [],
  /** @type {RequestRecord[]} */
  requests: [],
  totals: { requests: 0, raw: 0, wire: 0, errors: 0 },
  /** @type {Set<string>} */
  topics: new Set(),
};

// ---------------------------------------------------------------- formatting

const number = new Intl.NumberFormat('en');

/** @param {number} n */
function formatBytes(n) {
  if (n < 1024) return `${number.format(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** @param {number | null} raw @param {number} wire */
function ratio(raw, wire) {
  return raw && wire ? `${(raw / wire).toFixed(1)}×` : '–';
}

/** @param {number} ms */
function clock(ms) {
  const d = new Date(ms);
  const pad = (/** @type {number} */ n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A long value keeps its start and its end (where the tracker notes a truncation). @param {string} value */
function clip(value) {
  if (value.length <= VALUE_HEAD + VALUE_TAIL + 40) return value;
  const cut = number.format(value.length - VALUE_HEAD - VALUE_TAIL);
  return `${value.slice(0, VALUE_HEAD)} …[${cut} more characters]… ${value.slice(-VALUE_TAIL)}`;
}

/**
 * Builds an element whose children are text nodes or elements: the only way this file creates
 * DOM, so no string ever reaches an HTML parser.
 * @param {string} tag
 * @param {string} [className]
 * @param {...(Node | string)} children
 */
function h(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

// ---------------------------------------------------------------- state

/** @param {LogEvent} event */
function toEntry({ project, logstore, index, log }) {
  /** @type {Array<[string, string]>} */
  const fields = Object.keys(log).map((key) => [key, clip(String(log[key]))]);
  const ts = Number(log._ts);
  return {
    project,
    logstore,
    index,
    topic: log.__topic__ ?? '',
    time: Number.isFinite(ts) && ts > 0 ? ts : Number(log.__time__) * 1000,
    kind: log.type ?? log.event ?? '',
    fields,
    search: fields.map(([k, v]) => `${k}=${v}`).join('\n').toLowerCase(),
  };
}

/** @param {LogEvent} event */
function addLog(event) {
  const key = `${event.project}/${event.logstore}`;
  const next = state.next.get(key) ?? 0;
  if (event.index < next) return; // seen already (a catch-up and the stream overlap)
  state.next.set(key, event.index + 1);
  const entry = toEntry(event);
  addTopic(entry.topic);
  state.logs.push(entry);
  if (state.logs.length > KEPT_LOGS * 1.2) state.logs = state.logs.slice(-KEPT_LOGS);
  view.freshLogs.push(entry);
  schedule();
}

/** @param {RequestRecord} record */
function addRequest(record) {
  if (record.id <= state.lastRequestId) return;
  state.lastRequestId = record.id;
  const t = state.totals;
  t.requests += 1;
  t.raw += record.rawBytes ?? 0;
  t.wire += record.wireBytes;
  if (record.status !== 200) t.errors += 1;
  if (record.topic !== null) addTopic(record.topic);
  state.requests.push(record);
  if (state.requests.length > KEPT_REQUESTS * 1.2) state.requests = state.requests.slice(-KEPT_REQUESTS);
  view.freshRequests.push(record);
  schedule();
}

/** The collector forgot everything: so does the view. Request ids keep counting there, so lastRequestId stays. */
function resetView() {
  state.next.clear();
  state.logs = [];
  state.requests = [];
  state.totals = { requests: 0, raw: 0, wire: 0, errors: 0 };
  view.redraw = true;
  schedule();
}

/** @param {string} topic */
function addTopic(topic) {
  if (state.topics.has(topic)) return;
  state.topics.add(topic);
  // Option values carry a prefix so that the empty topic is an option distinct from "all".
  const option = h('option', '', topic === '' ? '(empty)' : topic);
  /** @type {HTMLOptionElement} */ (option).value = `t:${topic}`;
  ui.topic.append(option);
}

// ---------------------------------------------------------------- filters

function filters() {
  const topic = ui.topic.value;
  return {
    project: ui.project.value,
    logstore: ui.logstore.value,
    topic: topic === '' ? undefined : topic.slice(2),
    text: ui.text.value.trim().toLowerCase(),
  };
}

/** @param {ReturnType<typeof filters>} f @param {{ project: string, logstore: string }} item @param {string | null} topic */
function matchesWhere(f, item, topic) {
  return (
    (!f.project || item.project === f.project) &&
    (!f.logstore || item.logstore === f.logstore) &&
    (f.topic === undefined || topic === f.topic)
  );
}

/** @param {ReturnType<typeof filters>} f @param {LogEntry} entry */
function matchesLog(f, entry) {
  return matchesWhere(f, entry, entry.topic) && (!f.text || entry.search.includes(f.text));
}

// ---------------------------------------------------------------- rendering

const view = {
  /** @type {LogEntry[]} */ freshLogs: [],
  /** @type {RequestRecord[]} */ freshRequests: [],
  redraw: true,
  scheduled: false,
};

/** Renders at most every RENDER_MS: a burst of 10,000 logs is 10,000 events, not 10,000 layouts. */
function schedule() {
  if (view.scheduled) return;
  view.scheduled = true;
  setTimeout(render, RENDER_MS);
}

function render() {
  view.scheduled = false;
  renderCounters();
  const f = filters();
  /** @type {LogEntry[]} */ let logs;
  /** @type {RequestRecord[]} */ let requests;
  if (view.redraw) {
    ui.logs.replaceChildren();
    ui.requests.replaceChildren();
    logs = state.logs;
    requests = state.requests;
    view.redraw = false;
  } else {
    logs = view.freshLogs;
    requests = view.freshRequests;
  }
  view.freshLogs = [];
  view.freshRequests = [];
  prependNewest(ui.logs, logs.filter((e) => matchesLog(f, e)).slice(-SHOWN_LOGS), logRow, SHOWN_LOGS);
  prependNewest(ui.requests, requests.filter((r) => matchesWhere(f, r, r.topic)).slice(-SHOWN_REQUESTS), requestRow, SHOWN_REQUESTS);
  ui.logsNote.textContent = `newest first, ${number.format(ui.logs.childElementCount)} shown (at most ${SHOWN_LOGS})`;
  ui.requestsNote.textContent = `newest first, ${number.format(ui.requests.childElementCount)} shown (at most ${SHOWN_REQUESTS})`;
}

/**
 * @template T
 * @param {HTMLElement} list @param {T[]} items oldest first @param {(item: T) => HTMLElement} row @param {number} max
 */
function prependNewest(list, items, row, max) {
  if (items.length === 0) return;
  const fragment = document.createDocumentFragment();
  for (let i = items.length - 1; i >= 0; i--) fragment.append(row(/** @type {T} */ (items[i])));
  list.prepend(fragment);
  while (list.childElementCount > max) list.lastElementChild?.remove();
}

function renderCounters() {
  const t = state.totals;
  let logs = 0;
  for (const n of state.next.values()) logs += n;
  const c = ui.counters;
  c.requests.textContent = number.format(t.requests);
  c.logs.textContent = number.format(logs);
  c.raw.textContent = formatBytes(t.raw);
  c.wire.textContent = formatBytes(t.wire);
  c.ratio.textContent = ratio(t.raw, t.wire);
  c.errors.textContent = number.format(t.errors);
  c.errors.classList.toggle('bad', t.errors > 0);
}

/** Fields the tracker or the service adds, shown after the log's own and dimmed. @param {string} key */
const isMeta = (key) => key.startsWith('__') || key === '_ts' || key === '_id';

/** @param {LogEntry} entry */
function logRow(entry) {
  const own = [];
  const meta = [];
  for (const [key, value] of entry.fields) {
    (isMeta(key) ? meta : own).push(h('span', isMeta(key) ? 'field meta' : 'field', h('span', 'k', key), h('span', 'v', value)));
  }
  const head = h('div', 'head',
    h('time', '', clock(entry.time)),
    h('span', 'where', `${entry.project} / ${entry.logstore}`),
    h('span', 'topic', entry.topic === '' ? '(no topic)' : entry.topic),
  );
  if (entry.kind) head.append(h('span', 'badge', entry.kind));
  head.append(h('span', 'index', `#${entry.index}`));
  const li = h('li', `log${entry.kind === 'error' ? ' is-error' : ''}`, head, h('div', 'fields', ...own, ...meta));
  li.dataset.logstore = entry.logstore;
  return li;
}

/** @param {RequestRecord} r */
function requestRow(r) {
  const ok = r.status === 200;
  const status = ok ? '200' : `${r.status || 'no answer'}${r.errorCode ? ` ${r.errorCode}` : ''}`;
  const cells = [
    clock(r.time),
    `${r.method} · ${r.mode}`,
    `${r.project}${r.projectBy === 'default' ? ' (default: the Host names no project)' : ''} / ${r.logstore}`,
    r.topic === null ? '–' : r.topic === '' ? '(none)' : r.topic,
    r.compressType,
    r.logs === null ? '–' : number.format(r.logs),
    r.rawBytes === null ? '–' : formatBytes(r.rawBytes),
    formatBytes(r.wireBytes),
    ratio(r.rawBytes, r.wireBytes),
    r.injected ? `${status} (injected)` : status,
    number.format(r.durationMs),
    r.origin ?? '–',
  ];
  const numeric = new Set([5, 6, 7, 8, 10]);
  const tr = h('tr', ok ? '' : 'is-error', ...cells.map((text, i) => h('td', numeric.has(i) ? 'num' : '', text)));
  tr.title = `request #${r.id}`;
  return tr;
}

// ---------------------------------------------------------------- feed

/** @param {string} path */
async function getJson(path) {
  const res = await fetch(path, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** @param {'connecting' | 'live' | 'polling' | 'offline'} value @param {string} text */
function setConnection(value, text) {
  ui.connection.dataset.state = value;
  ui.connection.textContent = text;
}

/**
 * Fetches what the view has not seen: requests after the last id, and per logstore the logs after
 * its next index (only the newest KEPT_LOGS of them; the rest are counted, not fetched). Run at
 * start, whenever the stream (re)opens, and on every poll while it is down.
 */
async function catchUp() {
  const { requests } = await getJson(`/_collector/requests?since=${state.lastRequestId}`);
  for (const record of requests) addRequest(record);
  for (const { project, logstore } of state.logstores) {
    const where = `/_collector/logs?project=${encodeURIComponent(project)}&logstore=${encodeURIComponent(logstore)}`;
    const key = `${project}/${logstore}`;
    const { total } = await getJson(`${where}&since=${END}`);
    // Fewer logs than seen: the collector was reset while the stream was down.
    if (total < (state.next.get(key) ?? 0)) resetView();
    const next = state.next.get(key) ?? 0;
    if (total === next) continue;
    const from = Math.max(next, total - KEPT_LOGS);
    const { logs } = await getJson(`${where}&since=${from}`);
    logs.forEach((/** @type {StoredLog} */ log, /** @type {number} */ i) => addLog({ project, logstore, index: from + i, log }));
  }
}

const feed = {
  /** Stream events that arrive during a catch-up wait, so they land after the older logs it fetches. @type {Array<() => void> | undefined} */
  held: undefined,
  /** @type {Promise<void> | undefined} */ syncing: undefined,
  /** @type {ReturnType<typeof setInterval> | undefined} */ poller: undefined,
  live: false,
};

/** One catch-up at a time; stream events wait for it. */
function sync() {
  feed.syncing ??= (async () => {
    feed.held = [];
    try {
      await catchUp();
      if (!feed.live) setConnection('polling', `polling every ${POLL_MS / 1000} s`);
    } catch {
      if (!feed.live) setConnection('offline', 'collector unreachable, retrying');
    } finally {
      const held = feed.held;
      feed.held = undefined;
      feed.syncing = undefined;
      for (const run of held) run();
    }
  })();
  return feed.syncing;
}

/** @param {() => void} run */
function onStream(run) {
  if (feed.held) feed.held.push(run);
  else run();
}

function startPolling() {
  feed.poller ??= setInterval(() => void sync(), POLL_MS);
  void sync();
}

function stopPolling() {
  clearInterval(feed.poller);
  feed.poller = undefined;
}

function connect() {
  if (typeof EventSource === 'undefined') {
    startPolling();
    return;
  }
  const source = new EventSource('/_collector/events');
  source.addEventListener('open', () => {
    feed.live = true;
    stopPolling();
    setConnection('live', 'live (Server-Sent Events)');
    // Whatever happened before the stream opened (or while it was down) comes from the API.
    void sync();
  });
  source.addEventListener('error', () => {
    feed.live = false;
    startPolling();
    // CLOSED: the browser gave up (it reconnects by itself only while CONNECTING).
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  });
  source.addEventListener('request', (e) => {
    const record = JSON.parse(/** @type {MessageEvent} */ (e).data);
    onStream(() => addRequest(record));
  });
  source.addEventListener('log', (e) => {
    const event = JSON.parse(/** @type {MessageEvent} */ (e).data);
    onStream(() => addLog(event));
  });
  source.addEventListener('reset', () => onStream(resetView));
}

// ---------------------------------------------------------------- start

/** @param {HTMLSelectElement} list @param {string[]} names */
function fillSelect(list, names) {
  for (const name of names) {
    const option = /** @type {HTMLOptionElement} */ (h('option', '', name));
    option.value = name;
    list.append(option);
  }
}

async function start() {
  /** @type {{ projects: Record<string, { logstores: Record<string, unknown> }> }} */
  let config;
  for (;;) {
    try {
      config = await getJson('/_collector/config');
      break;
    } catch {
      setConnection('offline', 'collector unreachable, retrying');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  for (const [project, { logstores }] of Object.entries(config.projects)) {
    for (const logstore of Object.keys(logstores)) state.logstores.push({ project, logstore });
  }
  fillSelect(ui.project, Object.keys(config.projects));
  fillSelect(ui.logstore, [...new Set(state.logstores.map((l) => l.logstore))]);

  for (const control of [ui.project, ui.logstore, ui.topic]) {
    control.addEventListener('change', () => {
      view.redraw = true;
      schedule();
    });
  }
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  ui.text.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      view.redraw = true;
      schedule();
    }, 150);
  });
  $('filters').addEventListener('submit', (e) => e.preventDefault());

  ui.reset.addEventListener('click', async () => {
    ui.reset.disabled = true;
    try {
      const res = await fetch('/_collector/reset', { method: 'POST' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      // Live, the stream's `reset` event clears the view, in order with the logs around it.
      if (!feed.live) {
        resetView();
        void sync();
      }
    } catch (error) {
      setConnection('offline', `reset failed: ${/** @type {Error} */ (error).message}`);
    } finally {
      ui.reset.disabled = false;
    }
  });

  schedule();
  connect();
}

void start();
