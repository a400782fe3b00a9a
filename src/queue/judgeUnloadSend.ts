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
 * Judges an unload send made at `sentAt` by the answers the tabs got around it: resent when the
 * service failed within VERDICT_NEAR_MS before it (a storm the send may have ended) or when the
 * first answer any tab got after it was a failure; trusted when that first answer was a success,
 * or when there has been no answer at all for VERDICT_WAIT_MS (README, "Unload-sent logs").
 */
export function judgeUnloadSend(sentAt: number, health: Pick<SharedHealth, '_failedBetween' | '_firstAfter'>, now: number): UnloadVerdict {
  if (health._failedBetween(sentAt - VERDICT_NEAR_MS, sentAt, true)) return RESEND;
  const first = health._firstAfter(sentAt);
  if (first === undefined) return now >= sentAt + VERDICT_WAIT_MS ? TRUSTED : UNDECIDED;
  return first === ANSWER_OK ? TRUSTED : RESEND;
}
