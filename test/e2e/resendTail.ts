// How long after the last page went a late resend can still arrive, so that duplicates are counted
// only after it (issue 22, item 10). The longest recovery path: a live tab claims what a dead one
// left at its next claim (every CLAIM_EVERY_MS), waits up to VERDICT_WAIT_MS for the answer that
// decides unload-sent logs, then sends them again; the margin covers the resend itself under load.
import { CLAIM_EVERY_MS, VERDICT_WAIT_MS } from '../../src/lib/timings.ts';

export const RESEND_TAIL_MS = CLAIM_EVERY_MS + VERDICT_WAIT_MS + 5000;

/** Resolves once RESEND_TAIL_MS have passed since `since` (ms since the epoch). */
export function tailAfter(since: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, since + RESEND_TAIL_MS - Date.now())));
}
