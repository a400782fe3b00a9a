import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request and what every handler needs to know about it. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Sent as x-log-requestid on whatever answer this request gets. */
  requestId: string;
  /** Arrival, milliseconds since the epoch. */
  receivedAt: number;
  /** The path without the query string, not decoded. */
  path: string;
  /** The query string without `?`, not decoded. */
  rawQuery: string;
  /** The peer's address, IPv4-mapped IPv6 unwrapped (`127.0.0.1`, not `::ffff:127.0.0.1`). */
  clientIp: string;
  /**
   * True once readBody has taken charge of the request body (reading it, or discarding the rest
   * after a refusal), so an answer need not close the connection to be rid of it.
   */
  bodyTaken: boolean;
}
