#!/usr/bin/env node
// Finds a Chromium for Playwright, installing one where it can, then runs the browser tests.
// Order: $CHROMIUM_PATH, the system /usr/bin/chromium, Playwright's own download. Where none
// exists: Debian's package when we are root, else Playwright's installer; failing both, stop with
// the exact command to run. Extra arguments are passed to `playwright test`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function playwrightOwn() {
  try {
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function find() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    console.error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    process.exit(1);
  }
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  return playwrightOwn();
}

function run(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status === 0;
}

let chromium = find();
if (!chromium) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], { env }) && run('apt-get', ['install', '-y', 'chromium'], { env })) {
      chromium = find();
    }
  }
  if (!chromium && !isRoot) {
    run('npx', ['playwright', 'install', 'chromium']);
    chromium = find();
  }
}
if (!chromium) {
  console.error(
    'No Chromium found. Install one, then run npm test again:\n' +
      '  sudo apt-get update && sudo apt-get install -y chromium    # Debian/Ubuntu\n' +
      '  npx playwright install chromium                           # elsewhere\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
  process.exit(1);
}
console.log(`Using Chromium at ${chromium}`);
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);
