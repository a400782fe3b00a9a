// createFreshRows: the logs of one task become one row per group, written a task later, and a
// burst is written over many short tasks (the copy into IndexedDB is synchronous).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createFreshRows } from '../../../src/queue/createFreshRows.ts';
import { MAX_ROW_BYTES, MAX_ROW_LOGS } from '../../../src/lib/limits.ts';
import type { QueuedLog } from '../../../src/queue/QueuedLog.ts';

const log = (i: number, bytes = 100): QueuedLog => ({ _json: '{}', _bytes: bytes, _logId: `l${i}`, _time: i });

/** Fresh rows whose tasks (setTimeout) run one at a time, by `task()`. */
const setup = (t: TestContext) => {
  const queue: Array<() => void> = [];
  const saved = globalThis.setTimeout;
  globalThis.setTimeout = ((f: () => void) => queue.push(f)) as unknown as typeof setTimeout;
  t.after(() => void (globalThis.setTimeout = saved));
  let current: Array<[string, number, number]> = [];
  const rows = createFreshRows((group, logs) => current.push([group, logs.length, logs.reduce((n, l) => n + l._bytes, 0)]));
  /** Runs the next task, and returns the rows it wrote. */
  const task = () => {
    current = [];
    queue.shift()?.();
    return current;
  };
  return { rows, task };
};

test('the logs of one task, by group, are written a task later as one row each', (t) => {
  const { rows, task } = setup(t);
  for (let i = 0; i < 3; i++) rows._add(log(i), 'a');
  rows._add(log(3), 'b');
  assert.deepEqual(task(), [['a', 3, 300], ['b', 1, 100]]);
  assert.deepEqual(task(), []);
});

test(`a burst is written ${MAX_ROW_LOGS} logs a task at most`, (t) => {
  const { rows, task } = setup(t);
  const n = 2 * MAX_ROW_LOGS + 5;
  for (let i = 0; i < n; i++) rows._add(log(i, 10), 'a');
  assert.deepEqual(task(), [['a', MAX_ROW_LOGS, MAX_ROW_LOGS * 10]]);
  assert.deepEqual(task(), [['a', MAX_ROW_LOGS, MAX_ROW_LOGS * 10]]);
  assert.deepEqual(task(), [['a', 5, 50]]);
  assert.equal(rows._count(), 0);
});

// The 3 MB bench: 2,553 logs of ~1.2 KB were one task of 2,048 (2.4 MB copied, 35 ms added to
// the page's tracking task); now no task copies much over MAX_ROW_BYTES.
test('a burst of big logs is written about MAX_ROW_BYTES a task; a single log over it still goes, alone', (t) => {
  const { rows, task } = setup(t);
  const size = 1200;
  const n = 2553;
  for (let i = 0; i < n; i++) rows._add(log(i, size), 'a');
  const perTask = Math.ceil(MAX_ROW_BYTES / size);
  let written = 0;
  for (let k = 0; written < n; k++) {
    const [[, count, bytes]] = task() as [[string, number, number]];
    assert.ok(bytes < MAX_ROW_BYTES + size, `task ${k}: ${bytes} B`);
    assert.equal(count, Math.min(perTask, n - written));
    written += count;
  }
  rows._add(log(n, 5 * MAX_ROW_BYTES), 'b');
  rows._add(log(n + 1, 10), 'b');
  assert.deepEqual(task(), [['b', 1, 5 * MAX_ROW_BYTES]]);
  assert.deepEqual(task(), [['b', 1, 10]]);
});
