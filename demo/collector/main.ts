/**
  if (collector.viewerUrl) process.stdout.write(`  viewer  ${collector.viewerUrl}\n`);
 * CLI entry: `npm run collector -- --port <n> [--data <dir>] [--config <file.json>] [--signed]`.
 * Prints `collector listening on http://127.0.0.1:<port>` once it accepts requests, and closes
 * cleanly on SIGINT / SIGTERM (a second signal exits at once).
 */
import { readFileSync } from 'node:fs';
import type { CollectorConfigJson } from './CollectorConfig.ts';
import { parseArgs, usage } from './parseArgs.ts';
import { startCollector } from './startCollector.ts';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(usage);
    return;
  }

  let config: CollectorConfigJson | undefined;
  if (args.configFile) {
    try {
      config = JSON.parse(readFileSync(args.configFile, 'utf8')) as CollectorConfigJson;
    } catch (error) {
      process.stderr.write(`cannot read --config ${args.configFile}: ${(error as Error).message}\n`);
      process.exit(2);
    }
  }

  const collector = await startCollector({ port: args.port, dataDir: args.dataDir, config, signed: args.signed });
  const where = args.dataDir ? `data in ${args.dataDir}` : 'memory only';
  process.stdout.write(`collector listening on ${collector.url} (${where})\n`);
  if (collector.viewerUrl) process.stdout.write(`  viewer  ${collector.viewerUrl}\n`);
  if (args.signed) {
    process.stdout.write(`  signed  ${collector.url}/logstores/<logstore> (anonymous writes refused)\n`);
    process.stdout.write(`  tokens  ${collector.url}/_collector/sts/token?ttl=3600\n`);
  } else {
    process.stdout.write(`  ingest  ${collector.url}/logstores/<logstore>/track\n`);
  }
  process.stdout.write(`  inspect ${collector.url}/_collector/logs?logstore=web\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`${signal}: closing collector\n`);
    collector.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`collector failed to start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
