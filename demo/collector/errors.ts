/**
 * Every error code the collector answers with, and its HTTP status.
 *
 * | status | errorCode                  | when                                                                 |
 * |--------|----------------------------|----------------------------------------------------------------------|
 * | 400    | PostBodyInvalid            | not JSON, wrong shape, non-string value, topic/source over 128 bytes, |
 * |        |                            | a value or tag value over 1 MiB, deep nesting                        |
 * | 400    | InvalidEncoding            | body (or GET query) not valid UTF-8, incl. encoded lone surrogates,   |
 * |        |                            | overlongs; malformed %-escapes in the GET form                       |
 * | 400    | InvalidKey                 | key not 1–128 bytes of [A-Za-z0-9_] / starts with a digit / reserved |
 * | 400    | PostBodyTooLarge           | raw body over 3 MB, over 4096 logs, declared or streamed size over   |
 * |        |                            | the limit (Content-Length, x-log-bodyrawsize, compressed bytes)      |
 * | 400    | PostBodyUncompressError    | lz4/deflate does not decode, or x-log-bodyrawsize ≠ decoded length   |
 * |        |                            | (also for uncompressed header-mode bodies)                           |
 * | 400    | MissingAPIVersion          | POST/GET without x-log-apiversion header and without ?APIVersion=    |
 * | 400    | InvalidAPIVersion          | API version other than 0.6.0                                         |
 * | 400    | MissingBodyRawSize         | header mode without x-log-bodyrawsize                                |
 * | 400    | InvalidBodyRawSize         | x-log-bodyrawsize not a decimal integer                              |
 * | 400    | InvalidCompressType        | x-log-compresstype other than lz4 / deflate                          |
 * | 400    | ParameterInvalid           | bad parameters to the collector's own /_collector API; a signed      |
 * |        |                            | request's Authorization not `LOG <AccessKeyId>:<signature>`          |
 * | 400    | MissingDate                | signed request with neither x-log-date nor Date                      |
 * | 400    | InvalidRequestTime         | signed request whose date does not parse                             |
 * | 400    | RequestTimeExpired         | signed request whose date is over 15 min from the collector's clock  |
 * | 400    | InvalidContentMD5          | signed request whose Content-MD5 is missing or not the body's MD5    |
 * |        |                            | (the real code is unverified)                                        |
 * | 400    | BadRequest                 | malformed HTTP (answered from the server's clientError hook)         |
 * | 401    | Unauthorized               | Web Tracking off for the logstore (status from the Java SDK tests;   |
 * |        |                            | the real errorCode is unverified); anonymous write in --signed mode; |
 * |        |                            | signed request with an unknown AccessKeyId, a missing, wrong or      |
 * |        |                            | expired security token (the service's code and messages)            |
 * | 401    | SignatureNotMatch          | signed request whose signature is not the one its key makes          |
 * | 403    | Forbidden                  | /_collector or /viewer from a non-loopback peer, Host or Origin      |
 * | 404    | ProjectNotExist            | unknown project                                                      |
 * | 404    | LogStoreNotExist           | unknown logstore                                                     |
 * | 404    | NotFound                   | no such path (the collector's own)                                   |
 * | 405    | MethodNotAllowed           | e.g. PUT on /track, POST on track.gif                                |
 * | 408    | RequestTimeout             | request not received within 60 s (answered from clientError)        |
 * | 414    | RequestURITooLong          | GET form query over 16 KB (nginx in front of SLS answers 414 too)    |
 * | 431    | RequestHeaderFieldsTooLarge| request line + headers over 64 KB (answered from clientError)        |
 * | 500    | InternalServerError        | a bug in the collector (never a crash)                               |
 *
 * Injected by /_collector/faults (defaults per status, overridable): 403 ProjectQuotaExceed,
 * 429 WriteQuotaExceed, 500 InternalServerError, 502 BadGateway, 503 ServerBusy (the code SLS's
 * SDKs retry on), 504 GatewayTimeout, any other status FaultInjected. A dropped connection is
 * recorded in the request log as status 0, errorCode "Dropped"; a client that went away before
 * its body arrived as status 0, "ClientAborted".
 */
export const errors = {
  PostBodyInvalid: { status: 400, message: 'The request body is not valid.' },
  InvalidEncoding: { status: 400, message: 'Non-UTF8 characters are in logs.' },
  InvalidKey: { status: 400, message: 'Invalid keys are in logs.' },
  PostBodyTooLarge: {
    status: 400,
    message: 'Logs must be less than or equal to 3 MB and 4096 entries.',
  },
  PostBodyUncompressError: { status: 400, message: 'Failed to decompress logs.' },
  MissingAPIVersion: { status: 400, message: 'x-log-apiversion does not exist in http header.' },
  InvalidAPIVersion: { status: 400, message: 'The API version is unsupported.' },
  MissingBodyRawSize: {
    status: 400,
    message: 'x-log-bodyrawsize does not exist in header when it is necessary.',
  },
  InvalidBodyRawSize: { status: 400, message: 'x-log-bodyrawsize is invalid.' },
  InvalidCompressType: { status: 400, message: 'x-log-compresstype is unsupported.' },
  ParameterInvalid: { status: 400, message: 'A parameter is invalid.' },
  MissingDate: { status: 400, message: 'Date does not exist in http header.' },
  InvalidRequestTime: { status: 400, message: 'Request time does not follow RFC822 spec.' },
  RequestTimeExpired: { status: 400, message: 'Request time has been expired.' },
  InvalidContentMD5: { status: 400, message: 'Content-MD5 is not the MD5 of the body.' },
  BadRequest: { status: 400, message: 'Malformed HTTP request.' },
  Unauthorized: { status: 401, message: 'Web Tracking is not enabled for this logstore.' },
  SignatureNotMatch: { status: 401, message: 'Signature not matched.' },
  Forbidden: { status: 403, message: 'Only loopback clients may use this path.' },
  ProjectNotExist: { status: 404, message: 'The Project does not exist.' },
  LogStoreNotExist: { status: 404, message: 'The logstore does not exist.' },
  NotFound: { status: 404, message: 'No such path.' },
  MethodNotAllowed: { status: 405, message: 'Method not allowed.' },
  RequestTimeout: { status: 408, message: 'The request was not received in time.' },
  RequestURITooLong: { status: 414, message: 'The query string must be under 16 KB.' },
  RequestHeaderFieldsTooLarge: { status: 431, message: 'Request headers are too large.' },
  InternalServerError: { status: 500, message: 'Internal server error.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errors;
