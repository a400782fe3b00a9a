import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Exchange } from './Exchange.ts';
import { respond } from './respond.ts';
import { respondError } from './respondError.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the files of `dir` under `prefix` (e.g. /viewer/ → demo/collector/viewer/), index.html
 * for the bare prefix. Only files inside `dir` are reachable: `..`, encoded or not, and NUL are
 * refused before touching the file system. Types are fixed by extension with nosniff, so nothing
 * is ever served as something the browser guessed.
 */
export async function serveStatic(ex: Exchange, dir: string, prefix: string): Promise<void> {
  const method = ex.req.method ?? '';
  if (method !== 'GET' && method !== 'HEAD') {
    return respondError(ex, 'MethodNotAllowed', `${method} is not allowed here`, { allow: 'GET, HEAD' });
  }
  if (ex.path === prefix.slice(0, -1)) {
    return respond(ex, 301, '', { location: prefix });
  }
  let relative: string;
  try {
    relative = decodeURIComponent(ex.path.slice(prefix.length)) || 'index.html';
  } catch {
    return respondError(ex, 'NotFound', 'bad path');
  }
  const root = resolve(dir);
  const file = resolve(join(root, relative));
  if (relative.includes('\0') || relative.split(/[/\\]/).includes('..') || !file.startsWith(root + sep)) {
    return respondError(ex, 'NotFound', 'bad path');
  }
  const type = contentTypes[extname(file).toLowerCase()];
  try {
    if (!type || !(await stat(file)).isFile()) throw new Error('not servable');
    const bytes = await readFile(file);
    return respond(ex, 200, bytes, {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
  } catch {
    return respondError(ex, 'NotFound', `no file ${ex.path}`);
  }
}
