import type { Exchange } from './Exchange.ts';

/**
 * How much of a refused body is read and thrown away so the client, still sending, sees the
 * answer instead of a reset connection. Past it the connection is closed.
 */
export const drainLimit = 8 * 1024 * 1024;

export type BodyRead =
  | { kind: 'ok'; bytes: Buffer }
  | { kind: 'tooLarge'; received: number }
  | { kind: 'aborted' };

/**
 * Reads a request body of at most `maxBytes`, without ever holding more than that.
 *
 * A Content-Length over the limit is refused before reading anything. A body that streams past
 * the limit (chunked) is refused as soon as it does; the rest is discarded as it arrives, up to
 * drainLimit, then the connection is destroyed.
 */
export function readBody(ex: Exchange, maxBytes: number): Promise<BodyRead> {
  const { req } = ex;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve({ kind: 'tooLarge', received: 0 });

  ex.bodyTaken = true;
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      chunks = [];
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (settled) {
        if (received > drainLimit) req.socket.destroy();
        return;
      }
      if (received > maxBytes) {
        settle({ kind: 'tooLarge', received });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'ok', bytes: Buffer.concat(chunks, received) }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}
