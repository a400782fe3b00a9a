import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGroups } from '../../../src/queue/toGroups.ts';
import type { RecoveredLog } from '../../../src/queue/sortRecovered.ts';
import type { BatchMeta } from '../../../src/batch/BatchMeta.ts';

const metaA: BatchMeta = { topic: 'a', source: 'web', tags: { app: 'x' } };
const metaB: BatchMeta = { topic: 'b', source: '', tags: {} };
const recovered = (n: number, groups: string[]): RecoveredLog[] =>
  Array.from({ length: n }, (_, i) => ({ _log: { _json: '{}', _bytes: 2, _logId: `id${i}`, _time: i }, _group: groups[i % groups.length]! }));

test('recovered logs go out as one group per meta, each in the order recovered', () => {
  const groups = toGroups(recovered(5, [JSON.stringify(metaA), JSON.stringify(metaB)]));
  assert.deepEqual(
    groups.map((g) => [g._meta, g._logs.map((l) => l._logId)]),
    [
      [metaA, ['id0', 'id2', 'id4']],
      [metaB, ['id1', 'id3']],
    ],
  );
});

// Issue 19: a copy of the group's list per log made the takeover of 50,000 stored logs freeze the
// page for seconds. Not timed: the array elements visited by iteration (spreads, for…of) are
// counted, a few per log when linear, about n²/2 when each log copies its group.
test('grouping a backlog visits each log a bounded number of times, whatever its size', () => {
  const iterator = Object.getOwnPropertyDescriptor(Array.prototype, Symbol.iterator)!;
  const values = iterator.value as (this: unknown[]) => IterableIterator<unknown>;
  const visits = (n: number): number => {
    const logs = recovered(n, [JSON.stringify(metaA)]);
    let steps = 0;
    Object.defineProperty(Array.prototype, Symbol.iterator, {
      ...iterator,
      value: function (this: unknown[]) {
        const it = values.call(this);
        return { [Symbol.iterator]() { return this; }, next: () => (steps++, it.next()) };
      },
    });
    try {
      assert.equal(toGroups(logs)[0]!._logs.length, n);
    } finally {
      Object.defineProperty(Array.prototype, Symbol.iterator, iterator);
    }
    return steps;
  };
  for (const n of [1_000, 4_000]) assert.ok(visits(n) <= 4 * n, `${visits(n)} array elements visited for ${n} logs`);
});
