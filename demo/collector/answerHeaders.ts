/**
 * Headers every answer carries, errors included: the service's x-log-requestid, and CORS open to
 * any origin like the real service, with the request id readable from page scripts.
 */
export function answerHeaders(requestId: string): Record<string, string> {
  return {
    'x-log-requestid': requestId,
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'x-log-requestid',
  };
}
