// A tiny static file server for the demo and the browser tests. Pages must come from a real
// http://127.0.0.1 origin (IndexedDB, Web Locks and sendBeacon need one), on a port other than the
// collector's so that header-mode requests are cross-origin and exercise the CORS preflight.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface StaticServerOptions {
  /** Port to bind on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** URL prefix → directory. The longest matching prefix wins. */
  mounts: Record<string, string>;
  /** Paths without a file extension that no mount serves fall back to this file (SPA routing). */
  spaFallback?: string;
}

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const mounts = Object.entries(options.mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)] as const)
    .sort((a, b) => b[0].length - a[0].length);

  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file: string | undefined;
      for (const [prefix, dir] of mounts) {
        if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')) {
          const rel = normalize(path.slice(prefix.length)).replace(/^([/\\])+/, '');
          const candidate = join(dir, rel);
          // Refuse anything that escapes the mounted directory.
          if (candidate.startsWith(dir)) file = candidate;
          break;
        }
      }
      try {
        // A missing file is not an error yet: the SPA fallback below may still serve the path.
        if (file && (await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
        if (!file || !(await stat(file).catch(() => null))) {
          if (options.spaFallback && !extname(path)) file = resolve(options.spaFallback);
          else throw new Error('not found');
        }
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    })();
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        server,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
