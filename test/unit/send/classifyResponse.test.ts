import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OUTCOME_CONFIG,
  OUTCOME_ISOLATE,
  OUTCOME_OK,
  OUTCOME_RAW,
  OUTCOME_REFUSED,
  OUTCOME_RETRY,
  OUTCOME_SPLIT,
  classifyResponse,
} from '../../../src/send/classifyResponse.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('classifyResponse: one row of the README\'s "Answers" per case', () => {
  test('200 (and any 2xx) → ok', () => {
    assert.deepEqual(classifyResponse(200, '', null, NOW), { _kind: OUTCOME_OK });
    assert.deepEqual(classifyResponse(204, '', null, NOW), { _kind: OUTCOME_OK });
  });

  test('400 PostBodyTooLarge → split', () => {
    assert.deepEqual(classifyResponse(400, 'PostBodyTooLarge', null, NOW), { _kind: OUTCOME_SPLIT });
  });

  test('413 with PostBodyTooLarge → split; without it (a proxy), refused: no one log is too large', () => {
    assert.deepEqual(classifyResponse(413, 'PostBodyTooLarge', null, NOW), { _kind: OUTCOME_SPLIT });
    assert.deepEqual(classifyResponse(413, '', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'HTTP 413' });
    assert.deepEqual(classifyResponse(413, 'RequestEntityTooLarge', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'RequestEntityTooLarge' });
  });

  test('400 PostBodyUncompressError → raw', () => {
    assert.deepEqual(classifyResponse(400, 'PostBodyUncompressError', null, NOW), { _kind: OUTCOME_RAW });
  });

  for (const code of ['InvalidKey', 'InvalidEncoding', 'PostBodyInvalid', 'InvalidTimestamp']) {
    test(`400 ${code} → isolate with that code`, () => {
      assert.deepEqual(classifyResponse(400, code, null, NOW), { _kind: OUTCOME_ISOLATE, _code: code });
    });
  }

  test('400 without a code, or with one that names no log → refused (the request, not a log)', () => {
    assert.deepEqual(classifyResponse(400, '', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'HTTP 400' });
    for (const code of ['MissingAPIVersion', 'InvalidCompressType', 'InvalidBodyRawSize', 'SomethingNew']) {
      assert.deepEqual(classifyResponse(400, code, null, NOW), { _kind: OUTCOME_REFUSED, _code: code });
    }
  });

  test('499 PostBodyInvalid (log time out of range) → isolate', () => {
    assert.deepEqual(classifyResponse(499, 'PostBodyInvalid', null, NOW), { _kind: OUTCOME_ISOLATE, _code: 'PostBodyInvalid' });
    assert.deepEqual(classifyResponse(499, '', null, NOW), { _kind: OUTCOME_ISOLATE, _code: 'HTTP 499' });
  });

  test('other 4xx not listed (405, 418, 422) → refused, not isolated', () => {
    assert.deepEqual(classifyResponse(405, '', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'HTTP 405' });
    assert.deepEqual(classifyResponse(405, 'MethodNotAllowed', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'MethodNotAllowed' });
    assert.deepEqual(classifyResponse(418, '', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'HTTP 418' });
    assert.deepEqual(classifyResponse(422, 'Weird', null, NOW), { _kind: OUTCOME_REFUSED, _code: 'Weird' });
  });

  test('a code that names a bad log → isolate, also with another 4xx status', () => {
    assert.deepEqual(classifyResponse(422, 'InvalidKey', null, NOW), { _kind: OUTCOME_ISOLATE, _code: 'InvalidKey' });
  });

  test('401 → config (Web Tracking off), code defaults to "HTTP 401"', () => {
    assert.deepEqual(classifyResponse(401, '', null, NOW), { _kind: OUTCOME_CONFIG, _code: 'HTTP 401' });
    assert.deepEqual(classifyResponse(401, 'Unauthorized', null, NOW), { _kind: OUTCOME_CONFIG, _code: 'Unauthorized' });
  });

  test('404 LogStoreNotExist / ProjectNotExist → config with the code', () => {
    assert.deepEqual(classifyResponse(404, 'LogStoreNotExist', null, NOW), { _kind: OUTCOME_CONFIG, _code: 'LogStoreNotExist' });
    assert.deepEqual(classifyResponse(404, 'ProjectNotExist', null, NOW), { _kind: OUTCOME_CONFIG, _code: 'ProjectNotExist' });
    assert.deepEqual(classifyResponse(404, '', null, NOW), { _kind: OUTCOME_CONFIG, _code: 'HTTP 404' });
  });

  for (const status of [403, 408, 429, 500, 502, 503, 504, 0]) {
    test(`${status} → retry, no _after without Retry-After`, () => {
      const out = classifyResponse(status, status === 0 ? 'NetworkError' : '', null, NOW);
      assert.deepEqual(out, { _kind: OUTCOME_RETRY });
      assert.equal('_after' in out, false);
    });
  }

  test('a size code wins over a retryable status (500 PostBodyTooLarge → split)', () => {
    // The code names the fault precisely; resending the same body would fail again.
    assert.deepEqual(classifyResponse(500, 'PostBodyTooLarge', null, NOW), { _kind: OUTCOME_SPLIT });
  });
});

describe('classifyResponse: Retry-After', () => {
  test('seconds → milliseconds', () => {
    assert.deepEqual(classifyResponse(503, '', '120', NOW), { _kind: OUTCOME_RETRY, _after: 120_000 });
    assert.deepEqual(classifyResponse(429, 'WriteQuotaExceed', '3', NOW), { _kind: OUTCOME_RETRY, _after: 3000 });
    assert.deepEqual(classifyResponse(403, '', '0', NOW), { _kind: OUTCOME_RETRY, _after: 0 });
  });

  test('an HTTP date → milliseconds from `now`', () => {
    const date = new Date(NOW + 45_000).toUTCString(); // e.g. "Wed, 01 May 2024 12:00:45 GMT"
    assert.deepEqual(classifyResponse(503, '', date, NOW), { _kind: OUTCOME_RETRY, _after: 45_000 });
    // The same header read 10 s later means a 10 s shorter wait: the clock is the `now` argument.
    assert.deepEqual(classifyResponse(503, '', date, NOW + 10_000), { _kind: OUTCOME_RETRY, _after: 35_000 });
  });

  test('a date in the past (or negative seconds) → 0, never negative (retryDelay then waits the floor)', () => {
    const past = new Date(NOW - 60_000).toUTCString();
    assert.deepEqual(classifyResponse(503, '', past, NOW), { _kind: OUTCOME_RETRY, _after: 0 });
    assert.deepEqual(classifyResponse(503, '', '-5', NOW), { _kind: OUTCOME_RETRY, _after: 0 });
  });

  for (const bad of ['soon', 'tomorrow at noon', '', 'Infinity']) {
    test(`unreadable ${JSON.stringify(bad)} → retry without _after`, () => {
      const out = classifyResponse(503, '', bad, NOW);
      assert.deepEqual(out, { _kind: OUTCOME_RETRY });
      assert.equal('_after' in out, false);
    });
  }

  test('Retry-After on a non-retry answer is ignored', () => {
    assert.deepEqual(classifyResponse(400, 'InvalidKey', '30', NOW), { _kind: OUTCOME_ISOLATE, _code: 'InvalidKey' });
    assert.deepEqual(classifyResponse(401, '', '30', NOW), { _kind: OUTCOME_CONFIG, _code: 'HTTP 401' });
    assert.deepEqual(classifyResponse(200, '', '30', NOW), { _kind: OUTCOME_OK });
  });
});
