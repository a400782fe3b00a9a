import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RESEND, TRUSTED, UNDECIDED, judgeUnloadSend } from '../../../src/queue/judgeUnloadSend.ts';
import { ANSWER_NETWORK, ANSWER_OK, ANSWER_REFUSED, ANSWER_SERVICE, type AnswerKind } from '../../../src/queue/createSharedHealth.ts';

/** Answers [time, kind], as the tabs got them. */
const health = (answers: Array<[number, AnswerKind]>) => ({
  _failedBetween: (from: number, to: number, serviceOnly?: boolean) =>
    answers.some(([t, k]) => t >= from && t <= to && k > (serviceOnly ? ANSWER_NETWORK : ANSWER_OK)),
  _firstAfter: (t: number) => answers.find(([x]) => x > t)?.[1],
});
const SENT = 100_000;

describe('judgeUnloadSend', () => {
  test('the first answer after the send decides: only a 200 trusts', () => {
    assert.equal(judgeUnloadSend(SENT, SENT, health([[SENT + 5, ANSWER_OK]]), SENT + 10), TRUSTED);
    for (const k of [ANSWER_NETWORK, ANSWER_SERVICE, ANSWER_REFUSED] as const) {
      assert.equal(judgeUnloadSend(SENT, SENT, health([[SENT + 5, k], [SENT + 6, ANSWER_OK]]), SENT + 10), RESEND, `kind ${k}`);
    }
  });

  // Finding (issue 11): 401/404 were recorded as "the service is up", so unload sends made while
  // Web Tracking was off were trusted and forgotten.
  test('a refusal (401, 404) just before the send, or right after it, means resend', () => {
    assert.equal(judgeUnloadSend(SENT, SENT, health([[SENT - 500, ANSWER_REFUSED], [SENT + 5, ANSWER_OK]]), SENT + 10), RESEND);
    assert.equal(judgeUnloadSend(SENT, SENT, health([[SENT + 5, ANSWER_REFUSED]]), SENT + 10), RESEND);
  });

  // Finding (issue 11): the wait counted from the send, so the next visit trusted a lost send at once.
  test('with no answer yet, the wait counts from the recovery, not from the send', () => {
    const recovered = SENT + 3_600_000;
    assert.equal(judgeUnloadSend(SENT, recovered, health([]), recovered), UNDECIDED);
    assert.equal(judgeUnloadSend(SENT, recovered, health([]), recovered + 9_999), UNDECIDED);
    assert.equal(judgeUnloadSend(SENT, recovered, health([]), recovered + 10_000), TRUSTED);
  });
});
