import type { ServerResponse } from 'node:http';

export interface EventHub {
  /** Streams every later event to `res` (already answered 200 text/event-stream) until it closes. */
  subscribe(res: ServerResponse): void;
  publish(event: 'request' | 'log' | 'reset', data: unknown): void;
  /** Ends every stream, so closing the server does not wait for open viewers. */
  closeAll(): void;
}

/** Server-Sent Events fan-out for a live viewer of /_collector/events. */
export function createEventHub(): EventHub {
  const clients = new Set<ServerResponse>();
  return {
    subscribe(res) {
      clients.add(res);
      res.on('close', () => clients.delete(res));
      // An opening comment makes EventSource fire `open` at once and proxies flush headers.
      res.write(': sls-webtrack collector\n\n');
    },
    publish(event, data) {
      if (clients.size === 0) return;
      const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const res of clients) res.write(frame);
    },
    closeAll() {
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
