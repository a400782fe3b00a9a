// Builds, from the packed tarball, the two apps test/e2e/frameworks.spec.ts loads: a Vite + React
// 19 app and a server-rendered React page hydrated on the client, both made of the README's React
// recipe (app/tracker.ts, app/Analytics.tsx, as written there, the host pointing at the test
// collector) and the files in test/e2e/frameworkApp/. Then serves them from one small server.
//
// As a user would: the tarball is `npm install`ed into a fresh project (offline: the package has
// no dependencies). React, react-dom, vite and @vitejs/plugin-react are this repository's
// devDependencies, linked into that project rather than installed (no network).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, createLogger } from 'vite';
import react from '@vitejs/plugin-react';
import { installTarball, packTarball } from '../../scripts/packTarball.mjs';
import { readmeRecipe } from './readmeRecipe.ts';

export interface FrameworkApps {
  /** The Vite app's origin ('/' and '/about'). */
  url: string;
  /** What each step took, ms. */
  timings: Record<string, number>;
  /** Vite's warnings and errors, which a user building the recipe would see. */
  warnings: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

/** Packs, installs, builds (client and server) and serves; `/ssr/…` is rendered per request. */
export async function buildFrameworkApps(): Promise<FrameworkApps> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await fn();
    timings[name] = Date.now() - started;
    return result;
  };
  const root = resolve('.');
  const tmp = mkdtempSync(join(tmpdir(), 'sls-webtrack-frameworks-'));
  const app = join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'framework-app', private: true, type: 'module' }));
  const { tarball } = await timed('pack', () => packTarball(root, tmp));
  await timed('install', () => installTarball(tarball, app));
  // After the install, which would remove what its package.json does not name.
  for (const name of ['react', 'react-dom']) symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name), 'dir');
  cpSync(join(root, 'test/e2e/frameworkApp'), app, { recursive: true });
  for (const [lang, file] of [['ts', 'app/tracker.ts'], ['tsx', 'app/Analytics.tsx']] as const) {
    mkdirSync(dirname(join(app, file)), { recursive: true });
    writeFileSync(join(app, file), readmeRecipe(lang, file));
  }
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = logger.warnOnce = logger.error = (msg) => void warnings.push(msg);
  const common = { root: app, configFile: false as const, logLevel: 'warn' as const, customLogger: logger, plugins: [react()] };
  await timed('vite client', () =>
    build({ ...common, build: { outDir: 'dist/client', rolldownOptions: { input: { spa: join(app, 'index.html'), ssr: join(app, 'ssr.html') } } } }),
  );
  await timed('vite ssr', () => build({ ...common, build: { outDir: 'dist/server', ssr: 'src/entry-server.tsx' } }));
  const { render } = (await import(pathToFileURL(join(app, 'dist/server/entry-server.js')).href)) as { render(path: string): string };
  const server = await serveApps(join(app, 'dist/client'), render);
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    timings,
    warnings,
    close: async () => {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The built files on a free port: `/ssr/…` rendered per request into ssr.html, other pages the Vite app. */
async function serveApps(client: string, render: (path: string) => string): Promise<Server> {
  const ssrTemplate = readFileSync(join(client, 'ssr.html'), 'utf8');
  const spa = readFileSync(join(client, 'index.html'), 'utf8');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string | Buffer) => res.writeHead(status, { 'content-type': type }).end(body);
    if (path.startsWith('/assets/')) {
      try {
        send(200, TYPES[extname(path)] ?? 'application/octet-stream', readFileSync(join(client, path.replace(/\.\./g, ''))));
      } catch {
        send(404, 'text/plain', 'not found');
      }
    } else if (path === '/ssr' || path.startsWith('/ssr/')) {
      send(200, TYPES['.html']!, ssrTemplate.replace('<!--app-html-->', render(path.slice('/ssr'.length) || '/')));
    } else if (path === '/favicon.ico') send(204, 'text/plain', '');
    else send(200, TYPES['.html']!, spa);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}
