// The packed tarball, installed as a user installs it: shared by scripts/test-package.mjs and the
// browser tests that build apps from it (test/e2e/frameworkApps.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs a command; throws with its output unless it exits 0 within `timeout` ms. */
export function run(cmd, args, { cwd, timeout = 60_000 } = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const ms = Date.now() - started;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error?.code === 'ETIMEDOUT') throw new Error(`${cmd} ${args.join(' ')}: still running after ${timeout} ms\n${output}`);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${output}`);
  return { stdout: r.stdout, stderr: r.stderr, output, ms };
}

/** `npm pack` of the built package at `root` into `dest`; returns the tarball's path and npm's report. */
export function packTarball(root, dest) {
  // --ignore-scripts: dist/ is built already; `prepare` would build it a second time.
  const { stdout } = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: root });
  const [info] = JSON.parse(stdout);
  return { tarball: join(dest, info.filename), info };
}

/**
 * `npm install <tarball>` into the project at `app`, offline: the package has no dependencies, so
 * nothing is fetched.
 */
export function installTarball(tarball, app) {
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], { cwd: app, timeout: 120_000 });
}
