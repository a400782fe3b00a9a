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

test('ends at the first look after the title changes, once', (t) => {
  const advance = clock(t);
  let title = 'Home';
  const then = mock.fn();
  const end = afterTitle(() => title, 1000, then);
  advance(120);
  assert.equal(then.mock.callCount(), 0);
  title = 'About';
  advance(50);
  assert.equal(then.mock.callCount(), 1);
  end(); // later calls (the next view, pagehide) do nothing more
  advance(2000);
  assert.equal(then.mock.callCount(), 1);
});

test('a title that never changes ends the wait after ms, not before', (t) => {
  const advance = clock(t);
  const then = mock.fn();
  afterTitle(() => 'Same', 1000, then);
  advance(1000);
  assert.equal(then.mock.callCount(), 0);
  advance(50);
  assert.equal(then.mock.callCount(), 1);
  advance(5000);
  assert.equal(then.mock.callCount(), 1);
});

test('calling the function returned ends the wait at once (the page leaves), and no look runs then', (t) => {
  const advance = clock(t);
  let reads = 0;
  const then = mock.fn();
  const end = afterTitle(() => (reads++, 'Home'), 1000, then);
  end();
  assert.equal(then.mock.callCount(), 1);
  advance(5000);
  assert.equal(then.mock.callCount(), 1);
  assert.equal(reads, 1); // the title at the call only
});
