/**
 * What answers to the signed form expose besides: their Date, on the signing clock, which a
 * signing client corrects its clock from.
 */
export const signedExposeHeaders = 'x-log-requestid, retry-after, date';

/**
 * Headers every answer carries, errors included: the service's x-log-requestid, and CORS open to
 * any origin like the real service, with the request id readable from page scripts.
 * Retry-After is exposed too, so that a page can honour it on a 429/503. Which headers the real
 * service exposes is unverified (README, "The wire contract"); a tracker must also work when it cannot read it.
 */
export function answerHeaders(requestId: string): Record<string, string> {
  return {
    'x-log-requestid': requestId,
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'x-log-requestid, retry-after',
  };
}
