/**
 * The command line: argument and config parsing, and the real entry point started as a child
 * process, printing its URLs (the live viewer's too), started with the shipped example config,
 * and closing on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../demo/collector/defaultConfig.ts';
import { parseArgs } from '../../demo/collector/parseArgs.ts';
import { parseConfig } from '../../demo/collector/parseConfig.ts';
import { signHeaders } from '../fixtures/collectorTestKit.ts';

describe('parseArgs', () => {
  test('defaults to port 8787, memory only', () => {
    assert.deepEqual(parseArgs([]), { port: 8787, dataDir: undefined, configFile: undefined, signed: false, help: false });
  });

  test('reads --name value and --name=value', () => {
    assert.deepEqual(parseArgs(['--port', '0', '--data=d', '--config', 'c.json']), {
      port: 0,
      dataDir: 'd',
      configFile: 'c.json',
      signed: false,
      help: false,
    });
    assert.equal(parseArgs(['--help']).help, true);
    assert.equal(parseArgs(['--signed']).signed, true);
  });

  test('refuses what it does not understand', () => {
    for (const argv of [['--port'], ['--port', 'x'], ['--port', '70000'], ['--port', '-1'], ['--verbose'], ['8787'], ['--data=']]) {
      assert.throws(() => parseArgs(argv), Error, argv.join(' '));
    }
  });
});

describe('parseConfig', () => {
  test('the default config has demo and other, each with web, events and a closed logstore', () => {
    const config = parseConfig(defaultConfig);
    assert.equal(config.defaultProject, 'demo');
    for (const project of ['demo', 'other']) {
      const logstores = config.projects.get(project);
      assert.deepEqual(logstores?.get('web'), { webTracking: true });
      assert.deepEqual(logstores?.get('events'), { webTracking: true });
      assert.deepEqual(logstores?.get('closed'), { webTracking: false });
    }
  });

  test('takes booleans or {webTracking}, defaults to the first project', () => {
    const config = parseConfig({ projects: { a1: { logstores: { x: { }, y: false } } } });
    assert.equal(config.defaultProject, 'a1');
    assert.equal(config.anonymous, true);
    assert.deepEqual(config.projects.get('a1')?.get('x'), { webTracking: true });
    assert.deepEqual(config.projects.get('a1')?.get('y'), { webTracking: false });
  });

  test('refuses bad configs with a message', () => {
    const bad: unknown[] = [
      null,
      {},
      { projects: [] },
      { projects: {} },
      { projects: { 'Bad Name': { logstores: {} } } },
      { projects: { '../x': { logstores: {} } } },
      { projects: { p: { logstores: { '../../etc': true } } } },
      { projects: { p: { logstores: { x: 'yes' } } } },
      { projects: { p: {} } },
      { defaultProject: 'q', projects: { p: { logstores: {} } } },
      { anonymous: 'no', projects: { p: { logstores: {} } } },
    ];
    for (const json of bad) assert.throws(() => parseConfig(json), /^Error: config: /, JSON.stringify(json));
  });

  test('a name from a Host header cannot reach Object prototype keys', () => {
    const config = parseConfig(defaultConfig);
    assert.equal(config.projects.get('constructor'), undefined);
    assert.equal(config.projects.get('__proto__'), undefined);
  });
});

describe('main.ts', () => {
  const main = fileURLToPath(new URL('../../demo/collector/main.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../', import.meta.url));

  function run(args: string[], cwd?: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  /** Waits for the lines main.ts prints once it listens; returns the collector's and the viewer's URLs. */
  async function urls(proc: ReturnType<typeof run>): Promise<{ url: string; viewer: string | undefined }> {
    let url: string | undefined;
    for (let i = 0; i < 100 && !url; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (proc.out().includes('  inspect ')) url = /collector listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.out())?.[1];
    }
    assert.ok(url, `no URL printed: ${proc.out()} ${proc.err()}`);
    return { url, viewer: /^ {2}viewer +(\S+)$/m.exec(proc.out())?.[1] };
  }

  test('prints its URL, serves, keeps data, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collector-cli-'));
    try {
      const configFile = join(dir, 'config.json');
      writeFileSync(configFile, JSON.stringify({ projects: { cli: { logstores: { s1: true } } } }));
      const proc = run(['--port', '0', '--data', join(dir, 'data'), '--config', configFile]);
      const { url } = await urls(proc);
      const answer = await fetch(`${url}/logstores/s1/track?APIVersion=0.6.0`, {
        method: 'POST',
        body: JSON.stringify({ __logs__: [{ from: 'cli' }] }),
      });
      assert.equal(answer.status, 200);
      proc.child.kill('SIGTERM');
      assert.equal(await proc.exited, 0);
      const stored = readFileSync(join(dir, 'data', 'cli', 's1.jsonl'), 'utf8');
      assert.equal(JSON.parse(stored).from, 'cli');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--signed refuses anonymous writes and takes signed ones', async () => {
    const proc = run(['--port', '0', '--signed']);
    try {
      // The lines may come in separate chunks: wait for the last one.
      for (let i = 0; i < 100 && !/ tokens /.test(proc.out()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const url = /collector listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.out())?.[1];
      assert.ok(url, `no URL printed: ${proc.out()} ${proc.err()}`);
      assert.match(proc.out(), /anonymous writes refused/);
      const body = JSON.stringify({ __logs__: [{ from: 'cli' }] });
      const anonymous = await fetch(`${url}/logstores/web/track?APIVersion=0.6.0`, { method: 'POST', body });
      assert.equal(anonymous.status, 401);
      const creds = await (await fetch(`${url}/_collector/sts/token`)).json();
      const headers = signHeaders(creds, Buffer.from(body), '/logstores/web');
      assert.equal((await fetch(`${url}/logstores/web`, { method: 'POST', headers, body })).status, 200);
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
  });

  test("prints the live viewer's URL, which serves the viewer", async () => {
    const proc = run(['--port', '0']);
    try {
      const { url, viewer } = await urls(proc);
      assert.equal(viewer, `${url}/viewer/`, `no viewer URL in:\n${proc.out()}`);
      const page = await fetch(viewer);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>Live viewer/);
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
  });

  test("starts with the shipped collector.example.json, the README's config", async () => {
    const example = readFileSync(join(root, 'collector.example.json'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /^```json file=collector\.example\.json\n([\s\S]*?)^```$/m.exec(readme)?.[1];
    assert.equal(block, example, 'the README shows collector.example.json as it is');
    assert.match(readme, /npm run collector -- .*--config collector\.example\.json/);

    // Started from the repository root, as `npm run collector` runs it.
    const proc = run(['--port', '0', '--config', 'collector.example.json'], root);
    try {
      const { url } = await urls(proc);
      const config = await (await fetch(`${url}/_collector/config`)).json();
      const expected = parseConfig(JSON.parse(example));
      assert.equal(config.defaultProject, expected.defaultProject);
      assert.deepEqual(
        Object.keys(config.projects).map((p) => [p, Object.keys(config.projects[p].logstores)]),
        [...expected.projects].map(([p, logstores]) => [p, [...logstores.keys()]]),
      );
      const ingest = (logstore: string) =>
        fetch(`${url}/logstores/${logstore}/track?APIVersion=0.6.0`, { method: 'POST', body: JSON.stringify({ __logs__: [{ a: '1' }] }) });
      assert.equal((await ingest('web')).status, 200);
      assert.equal((await ingest('closed')).status, 401);
    } finally {
      proc.child.kill('SIGTERM');
      assert.equal(await proc.exited, 0, proc.err());
    }
  });

  test('exits 2 with usage on a bad argument', async () => {
    const proc = run(['--nope']);
    assert.equal(await proc.exited, 2);
    assert.match(proc.err(), /unknown argument "--nope"/);
    assert.match(proc.err(), /Usage: npm run collector/);
  });
});
