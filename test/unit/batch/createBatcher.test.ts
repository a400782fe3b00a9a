import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createBatcher } from '../../../src/batch/createBatcher.ts';
import type { BatcherLimits } from '../../../src/batch/createBatcher.ts';
import type { BatchMeta } from '../../../src/batch/BatchMeta.ts';
import type { QueuedLog } from '../../../src/queue/QueuedLog.ts';

const metaA: BatchMeta = { topic: 'a', source: '', tags: {} };
const metaB: BatchMeta = { topic: 'b', source: 'web', tags: { env: 'prod' } };

let seq = 0;
const log = (bytes = 10): QueuedLog => {
  const id = `L${seq++}`;
  return { _json: `{"id":"${id}"}`, _bytes: bytes, _logId: id, _time: 1000 + seq };
};

type Handed = Array<[BatchMeta, string[]]>;
const setup = (t: TestContext, limits: Partial<BatcherLimits> = {}) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const handed: Handed = [];
  const b = createBatcher({ _maxBatchLogs: 100, _maxBatchBytes: 1_000_000, _flushInterval: 1000, ...limits }, ({ _meta: meta, _logs: logs }) => {
    handed.push([meta, logs.map((l) => l._logId)]);
  });
  return { b, handed };
};

describe('createBatcher', () => {
  test('logs group by key; each group is handed over with its own meta, in order', (t) => {
    const { b, handed } = setup(t);
    const a = [log(), log(), log()];
    const x = [log(), log()];
    b._add('A', metaA, a[0]!);
    b._add('B', metaB, x[0]!);
    b._add('A', metaA, a[1]!);
    b._add('B', metaB, x[1]!);
    b._add('A', metaA, a[2]!);
    assert.equal(b._size(), 5);
    assert.equal(handed.length, 0);
    b._flush();
    assert.deepEqual(handed, [
      [metaA, a.map((l) => l._logId)],
      [metaB, x.map((l) => l._logId)],
    ]);
    assert.equal(b._size(), 0);
  });

  test('the meta of a group is the one given with its first log', (t) => {
    const { b, handed } = setup(t);
    const other: BatchMeta = { topic: 'a', source: 'changed', tags: {} };
    const l1 = log();
    const l2 = log();
    b._add('A', metaA, l1);
    b._add('A', other, l2);
    b._flush();
    assert.equal(handed.length, 1);
    assert.equal(handed[0]![0], metaA);
  });

  test('a group is handed over as soon as it reaches _maxBatchLogs', (t) => {
    const { b, handed } = setup(t, { _maxBatchLogs: 3 });
    const logs = Array.from({ length: 7 }, () => log());
    logs.slice(0, 2).forEach((l) => b._add('A', metaA, l));
    assert.equal(handed.length, 0);
    b._add('A', metaA, logs[2]!);
    assert.deepEqual(handed, [[metaA, logs.slice(0, 3).map((l) => l._logId)]]);
    assert.equal(b._size(), 0);
    logs.slice(3).forEach((l) => b._add('A', metaA, l));
    assert.deepEqual(handed.map(([, ids]) => ids), [
      logs.slice(0, 3).map((l) => l._logId),
      logs.slice(3, 6).map((l) => l._logId),
    ]);
    assert.equal(b._size(), 1);
  });

  test('a group is handed over as soon as its bytes (each log plus a comma) reach _maxBatchBytes', (t) => {
    const { b, handed } = setup(t, { _maxBatchBytes: 100 });
    // 9 + 1 bytes each: the 10th log brings the group to 100.
    const logs = Array.from({ length: 12 }, () => log(9));
    logs.slice(0, 9).forEach((l) => b._add('A', metaA, l));
    assert.equal(handed.length, 0);
    b._add('A', metaA, logs[9]!);
    assert.deepEqual(handed, [[metaA, logs.slice(0, 10).map((l) => l._logId)]]);
    // One big log hands over its group at once.
    b._add('B', metaB, log(500));
    assert.equal(handed.length, 2);
    assert.equal(handed[1]![0], metaB);
    assert.equal(b._size(), 0);
  });

  test('a full group is handed over alone; other groups keep waiting', (t) => {
    const { b, handed } = setup(t, { _maxBatchLogs: 2 });
    const bl = log();
    b._add('B', metaB, bl);
    b._add('A', metaA, log());
    b._add('A', metaA, log());
    assert.equal(handed.length, 1);
    assert.equal(handed[0]![0], metaA);
    assert.equal(b._size(), 1);
    t.mock.timers.tick(1000);
    assert.deepEqual(handed[1], [metaB, [bl._logId]]);
  });

  test('a group is handed over _flushInterval ms after its FIRST log, not its last', (t) => {
    const { b, handed } = setup(t, { _flushInterval: 1000 });
    const l1 = log();
    const l2 = log();
    const l3 = log();
    b._add('A', metaA, l1);
    t.mock.timers.tick(600);
    b._add('A', metaA, l2);
    t.mock.timers.tick(399);
    b._add('A', metaA, l3);
    assert.equal(handed.length, 0);
    t.mock.timers.tick(1); // 1000 ms after l1
    assert.deepEqual(handed, [[metaA, [l1._logId, l2._logId, l3._logId]]]);
    assert.equal(b._size(), 0);
  });

  test('the next log after a hand-over starts a new interval', (t) => {
    const { b, handed } = setup(t, { _flushInterval: 1000 });
    b._add('A', metaA, log());
    t.mock.timers.tick(1000);
    assert.equal(handed.length, 1);
    t.mock.timers.tick(500);
    const l = log();
    b._add('A', metaA, l);
    t.mock.timers.tick(999);
    assert.equal(handed.length, 1);
    t.mock.timers.tick(1);
    assert.deepEqual(handed[1], [metaA, [l._logId]]);
  });

  test('each group has its own interval', (t) => {
    const { b, handed } = setup(t, { _flushInterval: 1000 });
    const a = log();
    const x = log();
    b._add('A', metaA, a);
    t.mock.timers.tick(300);
    b._add('B', metaB, x);
    t.mock.timers.tick(700);
    assert.deepEqual(handed, [[metaA, [a._logId]]]);
    assert.equal(b._size(), 1);
    t.mock.timers.tick(300);
    assert.deepEqual(handed, [[metaA, [a._logId]], [metaB, [x._logId]]]);
  });

  test('a group handed over early (full, or flushed) is not handed over again by its timer', (t) => {
    const { b, handed } = setup(t, { _maxBatchLogs: 2, _flushInterval: 1000 });
    b._add('A', metaA, log());
    b._add('A', metaA, log()); // full
    b._add('B', metaB, log());
    b._flush();
    assert.equal(handed.length, 2);
    t.mock.timers.tick(5000);
    assert.equal(handed.length, 2);
  });

  test('_flush hands over every group now; an empty batcher hands over nothing', (t) => {
    const { b, handed } = setup(t);
    b._flush();
    assert.equal(handed.length, 0);
    b._add('A', metaA, log());
    b._add('B', metaB, log());
    b._add('C', metaA, log());
    b._flush();
    assert.equal(handed.length, 3);
    assert.deepEqual(handed.map(([m]) => m.topic), ['a', 'b', 'a']);
    assert.equal(b._size(), 0);
  });

  test('_drain takes every group out without handing it over, and cancels their timers', (t) => {
    const { b, handed } = setup(t);
    const a = [log(), log()];
    const x = [log()];
    b._add('A', metaA, a[0]!);
    b._add('B', metaB, x[0]!);
    b._add('A', metaA, a[1]!);
    const out = b._drain();
    assert.deepEqual(out.map(({ _meta: m, _logs: logs }) => [m, logs.map((l) => l._logId)]), [
      [metaA, a.map((l) => l._logId)],
      [metaB, x.map((l) => l._logId)],
    ]);
    assert.equal(out[0]!._logs[0], a[0], 'the logs themselves, not copies');
    assert.equal(b._size(), 0);
    t.mock.timers.tick(10_000);
    assert.equal(handed.length, 0);
    assert.deepEqual(b._drain(), []);
    // Still usable afterwards.
    const l = log();
    b._add('A', metaA, l);
    assert.equal(b._size(), 1);
    t.mock.timers.tick(1000);
    assert.deepEqual(handed, [[metaA, [l._logId]]]);
  });

  test('_size counts logs waiting across groups', (t) => {
    const { b } = setup(t, { _maxBatchLogs: 3 });
    assert.equal(b._size(), 0);
    b._add('A', metaA, log());
    b._add('B', metaB, log());
    b._add('A', metaA, log());
    assert.equal(b._size(), 3);
    b._add('A', metaA, log()); // A full: 3 handed over
    assert.equal(b._size(), 1);
    t.mock.timers.tick(1000);
    assert.equal(b._size(), 0);
  });

  test('order is preserved over many logs and hand-overs', (t) => {
    const { b, handed } = setup(t, { _maxBatchLogs: 7 });
    const logs = Array.from({ length: 50 }, () => log());
    logs.forEach((l) => b._add('A', metaA, l));
    b._flush();
    assert.deepEqual(handed.flatMap(([, ids]) => ids), logs.map((l) => l._logId));
    assert.deepEqual(handed.map(([, ids]) => ids.length), [7, 7, 7, 7, 7, 7, 7, 1]);
  });
});

describe('createBatcher: counts and trimming (the memory cap)', () => {
  test('_bytes() counts the logs waiting, and follows hand-overs and drains', (t) => {
    const { b } = setup(t, { _maxBatchLogs: 3 });
    b._add('A', metaA, log(10));
    b._add('B', metaB, log(20));
    assert.equal(b._bytes(), 30);
    b._add('A', metaA, log(5));
    b._add('A', metaA, log(5)); // full: handed over
    assert.equal(b._bytes(), 20);
    b._drain();
    assert.equal(b._bytes(), 0);
  });

  test('_trim takes the oldest logs of the oldest groups until both amounts are met; empty groups go, timers with them', (t) => {
    const { b, handed } = setup(t);
    const a = [log(10), log(10), log(10)];
    const x = [log(100), log(100)];
    b._add('A', metaA, a[0]!);
    b._add('B', metaB, x[0]!);
    b._add('A', metaA, a[1]!);
    b._add('A', metaA, a[2]!);
    b._add('B', metaB, x[1]!);
    assert.deepEqual(b._trim(0, 0), []);
    assert.deepEqual(b._trim(2, 0).map((l) => l._logId), a.slice(0, 2).map((l) => l._logId));
    assert.equal(b._size(), 3);
    assert.equal(b._bytes(), 210);
    // 150 bytes: all of A (10), then B's first (100), then B's second (100) is needed too.
    assert.deepEqual(b._trim(0, 150).map((l) => l._logId), [a[2]!, x[0]!, x[1]!].map((l) => l._logId));
    assert.equal(b._size(), 0);
    assert.equal(b._bytes(), 0);
    t.mock.timers.tick(1000);
    assert.deepEqual(handed, [], 'no empty group is handed over later');
  });
});
