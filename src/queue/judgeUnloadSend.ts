import type { SharedHealth } from './createSharedHealth';
import { ANSWER_OK } from './createSharedHealth';
import { VERDICT_NEAR_MS, VERDICT_WAIT_MS } from '../lib/timings';

// Whether logs sent on unload (answer unseen) were delivered (numbers with names, so that the
// minifier inlines them):
/** It cannot be told yet. */
export const UNDECIDED = 0;
/** Trusted as delivered. */
export const TRUSTED = 1;
/** To be sent again. */
export const RESEND = 2;
export type UnloadVerdict = typeof UNDECIDED | typeof TRUSTED | typeof RESEND;

/**
 * Judges an unload send made at `sentAt`, whose logs this tab recovered at `recoveredAt`, by the
 * answers the tabs got around it: resent when the service failed within VERDICT_NEAR_MS before it
 * (a storm the send may have ended) or when the first answer any tab got after it was anything
 * but a 200 (a failure, or a refusal such as 401 while Web Tracking is off); trusted when it was
 * a 200, or when there has been no answer at all for VERDICT_WAIT_MS since the recovery: counted
 * from the send, the next visit would trust a lost send at once, before its own first answer
 * (README, "Unload-sent logs").
 */
export function judgeUnloadSend(sentAt: number, recoveredAt: number, health: Pick<SharedHealth, '_failedBetween' | '_firstAfter'>, now: number): UnloadVerdict {
  if (health._failedBetween(sentAt - VERDICT_NEAR_MS, sentAt, true)) return RESEND;
  const first = health._firstAfter(sentAt);
  if (first === undefined) return now >= recoveredAt + VERDICT_WAIT_MS ? TRUSTED : UNDECIDED;
  return first === ANSWER_OK ? TRUSTED : RESEND;
}
