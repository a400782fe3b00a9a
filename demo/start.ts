/**
 * `npm start` (after the build): the local collector, the demo site and the live viewer, in one
 * process.
 *
 *   tsx demo/start.ts [--port <n>] [--collector-port <n>] [--data <dir>] [--signed]
 *
 * Ports come from the flags, else PORT / COLLECTOR_PORT, else 8080 (demo) and 8787 (collector).
 * Logs are kept in `.collector-data/` at the repository root (git-ignored), so a restart keeps
 * them. Prints the URLs once both servers listen; SIGINT / SIGTERM close both and exit 0 (a second
 * signal exits at once).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector, type Collector } from './collector/startCollector.ts';
import { startStaticServer, type StaticServer } from './staticServer.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const siteDir = join(root, 'demo', 'site');

const usage = `Usage: npm start -- [--port <n>] [--collector-port <n>] [--data <dir>]

  --port <n>            demo site port on 127.0.0.1 (env PORT; default 8080)
  --collector-port <n>  collector and live viewer port (env COLLECTOR_PORT; default 8787)
  --data <dir>          where the collector keeps its logs (default .collector-data/)
  --signed              the collector refuses anonymous writes: only the signed-mode page
                        (sls-webtrack/sts, /signed.html) writes
`;

interface StartArgs {
  port: number;
  collectorPort: number;
  dataDir: string;
  signed: boolean;
}

/** Flags win over the environment; anything not understood stops with the usage, not a guess. */
function parseStartArgs(argv: readonly string[], env: NodeJS.ProcessEnv): StartArgs | 'help' {
  const port = (name: string, text: string | undefined, fallback: number): number => {
    if (text === undefined || text === '') return fallback;
    if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
      throw new Error(`${name} must be a port 0–65535, not ${JSON.stringify(text)}`);
    }
    return Number(text);
  };
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--signed') {
      flags.set(arg, '');
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name !== '--port' && name !== '--collector-port' && name !== '--data') {
      throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new Error(`${name} needs a value`);
    flags.set(name, value);
  }
  return {
    port: port('--port', flags.get('--port'), port('PORT', env.PORT, 8080)),
    collectorPort: port(
      '--collector-port',
      flags.get('--collector-port'),
      port('COLLECTOR_PORT', env.COLLECTOR_PORT, 8787),
    ),
    dataDir: flags.get('--data') ?? join(root, '.collector-data'),
    signed: flags.has('--signed'),
  };
}

/**
 * The pages need the collector's URL, which depends on a port chosen at start, so the site's HTML
 * files are rendered with it (`%COLLECTOR_URL%`) into a scratch directory. Only the HTML: a real
 * site would also write its tracker config into the page, and the script tag's data- attributes
 * then read exactly as one would paste them. The scripts and styles are served from demo/site/
 * as they are, under /site/.
 */
function renderPages(collectorUrl: string): string {
  const out = mkdtempSync(join(tmpdir(), 'sls-webtrack-demo-'));
  for (const name of readdirSync(siteDir)) {
    if (!name.endsWith('.html')) continue;
    const html = readFileSync(join(siteDir, name), 'utf8');
    writeFileSync(join(out, name), html.replaceAll('%COLLECTOR_URL%', collectorUrl));
  }
  return out;
}

function listenError(error: unknown, what: string, port: number, how: string): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return `port ${port} (${what}) is taken: ${how}`;
  return `${what} failed to start: ${(error as Error)?.message ?? String(error)}`;
}

async function main(): Promise<void> {
  let args: StartArgs | 'help';
  try {
    args = parseStartArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args === 'help') {
    process.stdout.write(usage);
    return;
  }

  let collector: Collector;
  try {
    collector = await startCollector({ port: args.collectorPort, dataDir: args.dataDir, signed: args.signed });
  } catch (error) {
    const how = 'pass --collector-port <n> or set COLLECTOR_PORT';
    process.stderr.write(`${listenError(error, 'collector', args.collectorPort, how)}\n`);
    process.exit(1);
  }

  const pages = renderPages(collector.url);
  let site: StaticServer;
  try {
    site = await startStaticServer({
      port: args.port,
      mounts: { '/dist': join(root, 'dist'), '/site': siteDir, '/': pages },
      // Any extension-less path is an SPA route (/products/2): the router in the page decides.
      spaFallback: join(pages, 'index.html'),
    });
  } catch (error) {
    rmSync(pages, { recursive: true, force: true });
    await collector.close();
    process.stderr.write(`${listenError(error, 'demo site', args.port, 'pass --port <n> or set PORT')}\n`);
    process.exit(1);
  }

  const fromHere = relative(process.cwd(), args.dataDir);
  const shownData = fromHere.startsWith('..') || isAbsolute(fromHere) ? args.dataDir : fromHere || '.';
  process.stdout.write(
    [
      'sls-webtrack demo is running',
      `  demo site (SPA, ESM build)  ${site.url}/`,
      `  script-tag page             ${site.url}/script-tag.html`,
      `  signed mode (STS) page      ${site.url}/signed.html${args.signed ? '  (anonymous writes refused: only this page writes)' : ''}`,
      `  live viewer                 ${collector.viewerUrl ?? '(none: demo/collector/viewer/ is missing)'}`,
      `  collector                   ${collector.url}  (logs kept in ${shownData})`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the demo and the collector\n`);
    void Promise.all([site.close(), collector.close()]).then(() => {
      rmSync(pages, { recursive: true, force: true });
      process.stdout.write('stopped\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
