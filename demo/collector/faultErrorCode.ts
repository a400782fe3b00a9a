/**
 * The errorCode an injected status answers with when the fault names none: the codes SLS and its
 * SDKs use for quota and server trouble (the SDKs retry on WriteQuotaExceed, ServerBusy,
 * InternalServerError), FaultInjected otherwise.
 */
export function faultErrorCode(status: number): string {
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'ProjectQuotaExceed';
    case 404:
      return 'LogStoreNotExist';
    case 429:
      return 'WriteQuotaExceed';
    case 500:
      return 'InternalServerError';
    case 502:
      return 'BadGateway';
    case 503:
      return 'ServerBusy';
    case 504:
      return 'GatewayTimeout';
    default:
      return 'FaultInjected';
  }
}
