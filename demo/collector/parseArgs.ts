/** What `npm run collector -- …` asked for. */
export interface CliArgs {
  port: number;
  dataDir: string | undefined;
  configFile: string | undefined;
  /** --signed: anonymous Web Tracking writes are refused, only signed requests write. */
  signed: boolean;
  help: boolean;
}

export const usage = `Usage: npm run collector -- [--port <n>] [--data <dir>] [--config <file.json>] [--signed]

  --port <n>       port on 127.0.0.1 (default 8787; 0 picks a free one)
  --data <dir>     keep logs as <dir>/<project>/<logstore>.jsonl across restarts
                   (default: memory only)
  --config <file>  projects and logstores as JSON, e.g. collector.example.json:
                   {"defaultProject":"demo","projects":{"demo":{"logstores":{"web":true,"closed":false}}}}
                   (default: demo and other, each with web, events, and closed = Web Tracking off)
  --signed         refuse anonymous Web Tracking writes (401); only requests signed with
                   credentials from GET /_collector/sts/token write (POST /logstores/<logstore>)
`;

/**
 * Reads the command line (`--name value` or `--name=value`). Throws an Error with a message for
 * the user on anything it does not understand, rather than starting with a setting it guessed.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { port: 8787, dataDir: undefined, configFile: undefined, signed: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (arg === '--signed') {
      args.signed = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name !== '--port' && name !== '--data' && name !== '--config') {
      throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new Error(`${name} needs a value`);
    if (name === '--port') {
      if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) {
        throw new Error(`--port must be 0–65535, not ${JSON.stringify(value)}`);
      }
      args.port = Number(value);
    } else if (name === '--data') {
      args.dataDir = value;
    } else {
      args.configFile = value;
    }
  }
  return args;
}
