// Browser tests run the real minified bundle in the system Chromium against the real collector.
// scripts/run-e2e.mjs finds (or installs) Chromium and passes its path in CHROMIUM_PATH.
import { defineConfig } from '@playwright/test';

const collectorPort = Number(process.env.COLLECTOR_PORT ?? 8790);
const pagePort = Number(process.env.PAGE_PORT ?? 8791);
// The collector in signed mode (anonymous writes refused; STS credentials from its stand-in for
// AssumeRole), for test/e2e/sts.spec.ts: the port after the page server's.
const signedPort = collectorPort + 2;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // The collector is one shared server with global fault injection: run tests one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${pagePort}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `npx tsx demo/collector/main.ts --port ${collectorPort}`,
      url: `http://127.0.0.1:${collectorPort}/_collector/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `npx tsx demo/collector/main.ts --port ${signedPort} --signed`,
      url: `http://127.0.0.1:${signedPort}/_collector/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `npx tsx test/e2e/pageServer.ts`,
      env: { PAGE_PORT: String(pagePort) },
      url: `http://127.0.0.1:${pagePort}/dist/sls-webtrack.min.js`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
