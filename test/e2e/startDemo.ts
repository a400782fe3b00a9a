// Starts `npm start`'s demo (demo/start.ts) as a child process, ports picked by the OS, and reads
// the URLs it prints: for the specs that drive the demo and its viewer in Chromium.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Demo {
  child: ChildProcess;
  site: string;
  scriptTag: string;
  signed: string;
  viewer: string;
  collector: string;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Starts demo/start.ts as `npm start` does after its build (with `flags`, e.g. `--signed`), and
 * waits for the URLs it prints.
 */
export async function startDemo(dataDir: string, flags: string[] = []): Promise<Demo> {
  // Node with tsx's loader rather than `npx tsx`: signals then reach start.ts itself, with no
  // wrapper process in between that might not pass them on.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'demo/start.ts', '--port', '0', '--collector-port', '0', '--data', dataDir, ...flags],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '', COLLECTOR_PORT: '' } },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => out.includes('Press Ctrl-C to stop.') && resolve();
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`demo exited with ${code} before it was ready:\n${out}`)));
    setTimeout(() => reject(new Error(`demo not ready after 30 s:\n${out}`)), 30_000);
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const url = (label: string) => {
    const match = new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+\\S*)`).exec(out);
    if (!match) throw new Error(`no ${label} URL in:\n${out}`);
    return match[1]!;
  };
  return {
    child,
    site: url('demo site \\(SPA, ESM build\\)'),
    scriptTag: url('script-tag page'),
    signed: url('signed mode \\(STS\\) page'),
    viewer: url('live viewer'),
    collector: url('collector'),
    output: () => out,
    exited,
  };
}

/** Stops the demo like Ctrl-C and returns its exit code. */
export async function interrupt(demo: Demo): Promise<number | null> {
  demo.child.kill('SIGINT');
  return Promise.race([
    demo.exited,
    new Promise<null>((_, reject) => setTimeout(() => reject(new Error('no exit 10 s after SIGINT')), 10_000)),
  ]);
}

/** Kills the demo if it still runs (a test that failed halfway), for a spec's afterAll. */
export async function stopDemo(demo: Demo): Promise<void> {
  if (demo.child.exitCode !== null) return;
  demo.child.kill('SIGKILL');
  await demo.exited;
}
