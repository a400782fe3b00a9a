import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubUrls } from '../../../src/capture/scrubUrls.ts';
import { scrubUrl } from '../../../src/capture/scrubUrl.ts';

const scrub = (u: string) => scrubUrl(u);

test('scrubs URLs in a Chromium stack, keeping line and column', () => {
  const stack = 'Error: boom\n    at f (https://a.example/app.js?token=secret:3:9)\n    at https://a.example/x.js#frag:10:2';
  assert.equal(scrubUrls(stack, scrub), 'Error: boom\n    at f (https://a.example/app.js:3:9)\n    at https://a.example/x.js:10:2');
});

test('scrubs URLs in a Firefox stack and in messages', () => {
  assert.equal(scrubUrls('f@https://a.example/app.js?v=1:3:9\n@https://a.example/b.js:1:1', scrub), 'f@https://a.example/app.js:3:9\n@https://a.example/b.js:1:1');
  assert.equal(
    scrubUrls('Failed to load "https://api.example/v1?key=secret" and http://user:pw@b.example/p?q=1.', scrub),
    'Failed to load "https://api.example/v1" and http://b.example/p',
  );
});

test('keeps a port, and text without URLs', () => {
  assert.equal(scrubUrls('at http://127.0.0.1:8891/a.js?x=1:3:9', scrub), 'at http://127.0.0.1:8891/a.js:3:9');
  assert.equal(scrubUrls('see http://127.0.0.1:8891', scrub), 'see http://127.0.0.1:8891');
  assert.equal(scrubUrls('TypeError: x is undefined', scrub), 'TypeError: x is undefined');
  assert.equal(scrubUrls('', scrub), '');
});

test('allowed parameters stay', () => {
  assert.equal(scrubUrls('at https://a.example/app.js?v=2&t=s:1:2', (u) => scrubUrl(u, ['v'])), 'at https://a.example/app.js?v=2:1:2');
});
