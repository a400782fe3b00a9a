// Where there is no page (Node here, as in server-side rendering; a web worker in
// test/e2e/worker.spec.ts), every entry hands out an inert tracker. Driven through the entries, as
// an app imports them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as full from '../../../src/index.ts';
import * as core from '../../../src/core.ts';
import { autoCapture } from '../../../src/auto.ts';
import * as script from '../../../src/script.ts';
import type { DropInfo } from '../../../src/types.ts';

const options = { host: 'cn-hangzhou.log.aliyuncs.com', project: 'my-project', logstore: 'web' };

/** Records every read of the browser APIs a tracker would start (Node has none of them, or some). */
function watchGlobals(): { reads: string[]; restore(): void } {
  const reads: string[] = [];
  const names = ['indexedDB', 'localStorage', 'sessionStorage', 'navigator', 'BroadcastChannel'] as const;
  const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)] as const);
  for (const n of names) {
    Object.defineProperty(globalThis, n, { configurable: true, get: () => void reads.push(n) });
  }
  return {
    reads,
    restore() {
      for (const [n, d] of saved) {
        if (d) Object.defineProperty(globalThis, n, d);
        else delete (globalThis as Record<string, unknown>)[n];
      }
    },
  };
}

for (const [name, entry] of [['sls-webtrack', full], ['sls-webtrack/core', core]] as const) {
  describe(`${name}: createTracker without a page`, () => {
    test('returns a tracker that drops each log as unsupported and reports once', async () => {
      const drops: DropInfo[] = [];
      const errors: Array<{ status: number; errorCode: string; message: string }> = [];
      const t = entry.createTracker({ ...options, onDrop: (d) => drops.push(d), onError: (e) => errors.push(e) });
      t.track({ event: 'a' });
      t.track('b', { topic: 'x' });
      t.track({ event: 'c' });
      assert.deepEqual(t.stats(), { tracked: 0, sent: 0, unconfirmed: 0, pending: 0, notStored: 0, dropped: { unsupported: 3 } });
      assert.deepEqual(drops.map((d) => [d.reason, d.count]), [['unsupported', 1], ['unsupported', 1], ['unsupported', 1]]);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.status, 0);
      assert.equal(errors[0]!.errorCode, 'Unsupported');
      await t.flush();
      await t.shutdown();
    });

    test('every method exists and is safe; no storage, timer or listener is touched', async () => {
      const watch = watchGlobals();
      const before = process.getActiveResourcesInfo().length;
      try {
        const t = entry.createTracker({ ...options, debug: false });
        assert.deepEqual(t.stats().dropped, {});
        const remove = t.addContext(() => ({ user: 'u' }));
        remove();
        t.optOut();
        assert.equal(t.isOptedOut(), true);
        t.optIn();
        assert.equal(t.isOptedOut(), false);
        const stop = autoCapture(t);
        stop();
        t.track({ event: 'x' });
        await t.flush();
        await t.shutdown();
        assert.deepEqual(watch.reads, []);
        assert.equal(process.getActiveResourcesInfo().length, before);
      } finally {
        watch.restore();
      }
    });

    test('a throwing onDrop or onError does not reach the caller', () => {
      const t = entry.createTracker({ ...options, onDrop: () => { throw new Error('d'); }, onError: () => { throw new Error('e'); } });
      assert.doesNotThrow(() => t.track({ event: 'x' }));
    });

    test('invalid options throw the same TypeError as in a browser', () => {
      assert.throws(() => entry.createTracker({ ...options, project: 'Not A Project' }), {
        name: 'TypeError',
        message: /option "project"/,
      });
      assert.throws(() => entry.createTracker(undefined as never), TypeError);
    });
  });
}

describe('sls-webtrack/auto without a page', () => {
  test('autoCapture checks its options, then returns a stop that does nothing', () => {
    const t = full.createTracker(options);
    assert.throws(() => autoCapture(t, { sessionTimeout: -1 }), { name: 'TypeError', message: /option "sessionTimeout"/ });
    const stop = autoCapture(t, { allowedParams: ['utm_source'] });
    assert.equal(typeof stop, 'function');
    stop();
    assert.deepEqual(t.stats().dropped, {});
  });
});

describe('script-tag entry without a page', () => {
  test('start() gives an inert tracker and runs the queued calls on it', () => {
    script.track({ event: 'queued' });
    const t = script.start(options);
    assert.equal(script.tracker, t);
    assert.deepEqual(t.stats().dropped, { unsupported: 1 });
  });
});
