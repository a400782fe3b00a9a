import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { answerHeaders } from './answerHeaders.ts';
import { errors, type ErrorCode } from './errors.ts';

/**
 * Answers a request Node could not parse (the server's `clientError` event), which never reaches
 * the request handler, with the same error shape and headers as every other answer, then closes.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, requestId: string): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'RequestHeaderFieldsTooLarge'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'RequestTimeout'
        : 'BadRequest';
  const { status, message } = errors[code];
  const body = JSON.stringify({ errorCode: code, errorMessage: message });
  const headers = {
    ...answerHeaders(requestId),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
}
