import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { afterTitle } from '../../../src/capture/afterTitle.ts';

type T = { mock: { timers: { enable(o: { apis: ['setTimeout'] }): void; tick(ms: number): void } } };

/** Mocked time, 10 ms a step: one tick runs the timers due, not those they set for later. */
const clock = (t: T) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  return (ms: number) => {
    for (let i = 0; i < ms; i += 10) t.mock.timers.tick(10);
  };
};

test('ends after ms with the title of the last look, once', (t) => {
  const advance = clock(t);
  let title = 'Home';
  const then = mock.fn((_: string) => {});
  const end = afterTitle(() => title, 1000, then);
  advance(120);
  title = 'Loading…';
  advance(300);
  title = 'About';
  advance(570);
  assert.equal(then.mock.callCount(), 0);
  advance(10);
  assert.deepEqual(then.mock.calls.map((c) => c.arguments), [['About']]);
  end(); // later calls (the next view, pagehide) do nothing more
  advance(2000);
  assert.equal(then.mock.callCount(), 1);
});

test('ended early (the next navigation), it gives the title seen, not the one set since', (t) => {
  const advance = clock(t);
  let title = 'Product';
  const then = mock.fn((_: string) => {});
  const end = afterTitle(() => title, 1000, then);
  advance(200);
  title = 'Products'; // the next page's router set it before its pushState
  end();
  assert.deepEqual(then.mock.calls.map((c) => c.arguments), [['Product']]);
  advance(5000);
  assert.equal(then.mock.callCount(), 1);
});

test('a title set after the call and looked at before the end counts', (t) => {
  const advance = clock(t);
  let title = 'Home';
  let reads = 0;
  const then = mock.fn((_: string) => {});
  const end = afterTitle(() => (reads++, title), 1000, then);
  title = 'React page';
  advance(60);
  end();
  assert.deepEqual(then.mock.calls.map((c) => c.arguments), [['React page']]);
  const after = reads;
  advance(5000);
  assert.equal(reads, after); // no look once ended
});
