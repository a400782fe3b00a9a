// Serves the test pages and the built bundles for Playwright (started by playwright.config.ts).
import { startStaticServer } from '../../demo/staticServer.ts';

const port = Number(process.env.PAGE_PORT ?? 8791);
const server = await startStaticServer({
  port,
  mounts: { '/dist': 'dist', '/pages': 'test/e2e/pages', '/demo': 'demo', '/': 'test/e2e/pages' },
});
console.log(`test pages at ${server.url}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
