import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubUrl } from '../../../src/capture/scrubUrl.ts';

test('removes the query and the fragment by default', () => {
  assert.equal(scrubUrl('https://shop.example/a/b?token=secret&x=1#section'), 'https://shop.example/a/b');
  assert.equal(scrubUrl('https://shop.example/?token=secret'), 'https://shop.example/');
  assert.equal(scrubUrl('https://shop.example/#x'), 'https://shop.example/');
  assert.equal(scrubUrl('https://shop.example/path'), 'https://shop.example/path');
});

test('keeps allowed parameters as written, in their order', () => {
  const allowed = ['utm_source', 'page', 'q s'];
  assert.equal(
    scrubUrl('https://a.example/p?token=1&page=2&utm_source=mail%20x&email=a%40b&page=3#h', allowed),
    'https://a.example/p?page=2&utm_source=mail%20x&page=3',
  );
  // Names compare decoded ('+' and %20 are spaces); a malformed escape compares as written.
  assert.equal(scrubUrl('/p?q+s=1&q%20s=2&%E0%A4%A=3', allowed), '/p?q+s=1&q%20s=2');
  assert.equal(scrubUrl('/p?page', allowed), '/p?page');
  assert.equal(scrubUrl('/p?token=1', allowed), '/p');
});

test('keepHash keeps the fragment path and filters parameters inside it', () => {
  assert.equal(scrubUrl('https://a.example/#/orders/42?token=x&tab=2', ['tab'], true), 'https://a.example/#/orders/42?tab=2');
  assert.equal(scrubUrl('https://a.example/?q=1#/orders/42', [], true), 'https://a.example/#/orders/42');
  assert.equal(scrubUrl('https://a.example/#section', [], true), 'https://a.example/#section');
  // OAuth implicit flow puts tokens in the fragment: parameters, not a path.
  assert.equal(scrubUrl('https://a.example/cb#access_token=abc&state=s', ['state'], true), 'https://a.example/cb#state=s');
  assert.equal(scrubUrl('https://a.example/cb#access_token=abc', [], true), 'https://a.example/cb');
  assert.equal(scrubUrl('https://a.example/cb#', [], true), 'https://a.example/cb');
});

test('removes credentials and data: payloads', () => {
  assert.equal(scrubUrl('https://user:pw@a.example/x?y=1'), 'https://a.example/x');
  assert.equal(scrubUrl('https://a.example/x@y'), 'https://a.example/x@y');
  assert.equal(scrubUrl('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,');
  assert.equal(scrubUrl('DATA:text/plain'), 'data:');
});

test('leaves empty, relative and odd strings usable', () => {
  assert.equal(scrubUrl(''), '');
  assert.equal(scrubUrl('about:blank'), 'about:blank');
  assert.equal(scrubUrl('?a=1'), '');
  assert.equal(scrubUrl('/x?a=1?b=2#c#d', ['b']), '/x');
  assert.equal(scrubUrl('/x?a=1?b=2#c#d', ['a']), '/x?a=1?b=2');
  assert.equal(scrubUrl('/x#c#d', [], true), '/x#c#d');
});
