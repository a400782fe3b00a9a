// The LZ4 part of `npm run bench` (section 4), also run alone with `npm run bench -- --lz4`: our
// encoder (src/encode/compressLz4.ts) against lz4js's compressBlock for speed, in Chromium, and
// against liblz4's LZ4_compress_default (acceleration 1) for size, in Node through the C helper
// of the tests, on the same bodies (bench/pages/lz4Bodies.js, checksummed on both sides).
// Targets (issue 10): throughput ≥ 1.5× lz4js; compressed size ≤ 1.03× liblz4.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { rollup, type OutputOptions, type Plugin, type RollupOptions } from 'rollup';
import * as lz4js from 'lz4js';
import { compressSync as nativeLz4 } from 'lz4-napi';
import { compressLz4 } from '../src/encode/compressLz4.ts';
import { liblz4DecodesTo, openLiblz4, type Liblz4 } from '../test/helpers/liblz4.ts';
import { checksum, lz4BodySets } from './pages/lz4Bodies.js';

export const LZ4_TARGETS = { speedup: 1.5, sizeVsLiblz4: 1.03 };
const REPS = 15;
const WARMUPS = 5;

interface PageRow {
  name: string;
  count: number;
  rawBytes: number;
  checksum: string;
  /** Medians over the rounds. */
  oursMs: number;
  lz4jsMs: number;
  lz4jsKeptTableMs: number;
  /** The median of each round's lz4js time / ours (they ran back to back). */
  speedup: number;
  /** The same against lz4js with one table kept and zeroed per body. */
  speedupKeptTable: number;
  oursBytes: number;
  lz4jsBytes: number;
}

export interface Lz4Row extends PageRow {
  oursMBs: number;
  lz4jsMBs: number;
  lz4jsKeptTableMBs: number;
  liblz4Bytes: number;
  sizeVsLiblz4: number;
  /** Bodies whose lz4js block liblz4 refuses (LZ4_decompress_safe at exactly the raw size). */
  lz4jsRefused: number;
  oursRefused: number;
  /** lz4-napi (lz4_flex, Rust) in Node: how far JavaScript is from native, informative. */
  nativeMBs: number;
}

export interface Lz4Bench {
  date: string;
  browser: string;
  liblz4: string;
  reps: number;
  rows: Lz4Row[];
  /** Over all sets: every set meets both targets. */
  met: { speed: boolean; size: boolean };
}

/**
 * Both encoders in one IIFE for the page, built with rollup.config.mjs's own plugins and terser
 * (the options the shipped bundle is minified with), so the page runs the code users get.
 */
export async function bundleLz4Encoders(dir: string): Promise<void> {
  const configUrl = pathToFileURL(join(process.cwd(), 'rollup.config.mjs')).href;
  const configs = (await import(configUrl)).default as RollupOptions[];
  const outputs = configs.flatMap((c) => (Array.isArray(c.output) ? c.output : c.output ? [c.output] : [])) as OutputOptions[];
  const terser = outputs.flatMap((o) => (o.plugins ?? []) as Plugin[]).find((p) => p?.name === 'terser');
  if (!terser) throw new Error('bench: no terser plugin in rollup.config.mjs');
  const entry = '\0lz4-encoders';
  const code = `import * as l from 'lz4js'; import { compressLz4 } from ${JSON.stringify(join(process.cwd(), 'src/encode/compressLz4.ts'))};
window.lz4Encoders = { compressLz4, lz4js: { compressBlock: l.compressBlock, compressBound: l.compressBound } };`;
  const build = await rollup({
    input: entry,
    plugins: [{ name: 'entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? code : null) }, ...((configs[0]!.plugins ?? []) as Plugin[])],
    onwarn: () => {},
  });
  await build.write({ file: join(dir, 'lz4-encoders.js'), format: 'iife', plugins: [terser] });
  await build.close();
}

/** liblz4's size, and which blocks of each encoder liblz4 refuses, for the same bodies in Node. */
async function nodeSide(lib: Liblz4, bodies: Uint8Array[]): Promise<{ liblz4Bytes: number; oursBytes: number; lz4jsRefused: number; oursRefused: number }> {
  let liblz4Bytes = 0;
  let oursBytes = 0;
  let lz4jsRefused = 0;
  let oursRefused = 0;
  for (const body of bodies) {
    liblz4Bytes += Math.min((await lib.compress(body)).length, body.length);
    const ours = compressLz4(body);
    oursBytes += ours?.length ?? body.length;
    if (ours && !(await liblz4DecodesTo(lib, ours, body))) oursRefused++;
    const out = new Uint8Array(lz4js.compressBound(body.length));
    const size = lz4js.compressBlock(body, out, 0, body.length, new Uint32Array(1 << 16));
    if (size > 0 && size < body.length && !(await liblz4DecodesTo(lib, out.subarray(0, size), body))) lz4jsRefused++;
  }
  return { liblz4Bytes, oursBytes, lz4jsRefused, oursRefused };
}

function nativeMBs(bodies: Uint8Array[], rawBytes: number): number {
  const buffers = bodies.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length));
  const times: number[] = [];
  for (let r = -WARMUPS; r < REPS; r++) {
    const t0 = performance.now();
    for (const b of buffers) nativeLz4(b);
    if (r >= 0) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return rawBytes / 1e6 / (times[times.length >> 1]! / 1000);
}

/** Runs the page (served at `siteUrl`, with the bundle from bundleLz4Encoders under /gen). */
export async function runLz4Bench(browser: Browser, siteUrl: string, log: (m: string) => void): Promise<Lz4Bench> {
  const availability = openLiblz4();
  if (!availability.ok) throw new Error(`bench: the size comparison needs liblz4: ${availability.why}`);
  const lib = availability.lib;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${siteUrl}/bench/lz4.html`);
    await page.waitForFunction(() => (window as unknown as { lz4Bench?: unknown }).lz4Bench);
    log(`lz4: ours and lz4js in Chromium (${REPS} rounds after ${WARMUPS}), liblz4 ${lib.version} in Node`);
    const pageRows = (await page.evaluate(([r, w]) => (window as any).lz4Bench.run(r, w), [REPS, WARMUPS] as const)) as PageRow[];
    const rows: Lz4Row[] = [];
    for (const [i, set] of lz4BodySets().entries()) {
      const row = pageRows[i]!;
      const node = await nodeSide(lib, set.bodies);
      // The same bodies and the same encoder on both sides, or the comparison means nothing.
      if (row.checksum !== checksum(set.bodies) || row.oursBytes !== node.oursBytes) {
        throw new Error(`bench: ${set.name}: the page measured other bodies or another encoder`);
      }
      const mbs = (ms: number) => row.rawBytes / 1e6 / (ms / 1000);
      rows.push({
        ...row, oursMBs: mbs(row.oursMs), lz4jsMBs: mbs(row.lz4jsMs), lz4jsKeptTableMBs: mbs(row.lz4jsKeptTableMs),
        liblz4Bytes: node.liblz4Bytes, sizeVsLiblz4: row.oursBytes / node.liblz4Bytes,
        lz4jsRefused: node.lz4jsRefused, oursRefused: node.oursRefused, nativeMBs: nativeMBs(set.bodies, row.rawBytes),
      });
      const r = rows[rows.length - 1]!;
      log(`  ${r.name}: ours ${r.oursMBs.toFixed(0)} MB/s, lz4js ${r.lz4jsMBs.toFixed(0)} MB/s (${r.speedup.toFixed(2)}×), with a kept table ${r.lz4jsKeptTableMBs.toFixed(0)} MB/s (${r.speedupKeptTable.toFixed(2)}×); size ${r.sizeVsLiblz4.toFixed(3)}× liblz4`);
    }
    return {
      date: new Date().toISOString(),
      browser: `Chromium ${browser.version()}`,
      liblz4: lib.version,
      reps: REPS,
      rows,
      met: {
        // Against lz4js at its fastest, whichever way that is.
        speed: rows.every((r) => Math.min(r.speedup, r.speedupKeptTable) >= LZ4_TARGETS.speedup),
        size: rows.every((r) => r.sizeVsLiblz4 <= LZ4_TARGETS.sizeVsLiblz4),
      },
    };
  } finally {
    await context.close();
    await lib.close();
  }
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

/** The section of bench/results/latest.md (from its heading to the end of the file). */
export function lz4Markdown(b: Lz4Bench): string {
  const head = ['bodies', 'raw', 'ours MB/s', 'lz4js MB/s', 'speed ours / lz4js', 'lz4js, kept table, MB/s', 'speed ours / that', 'ours B', 'liblz4 B', 'size ours / liblz4', 'lz4js B', 'refused by liblz4: lz4js / ours', 'native lz4-napi MB/s (Node)'];
  const rows = b.rows.map((r) => [
    `${r.name} ×${r.count}`, `${r.rawBytes.toLocaleString('en')} B`, fmt(r.oursMBs, 0), fmt(r.lz4jsMBs, 0), `${fmt(r.speedup)}×`,
    fmt(r.lz4jsKeptTableMBs, 0), `${fmt(r.speedupKeptTable)}×`,
    r.oursBytes.toLocaleString('en'), r.liblz4Bytes.toLocaleString('en'), `${fmt(r.sizeVsLiblz4, 3)}×`, r.lz4jsBytes.toLocaleString('en'),
    `${r.lz4jsRefused} / ${r.oursRefused} of ${r.count}`, fmt(r.nativeMBs, 0),
  ]);
  const table = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const worst = (f: (r: Lz4Row) => number, pick: (...n: number[]) => number) => pick(...b.rows.map(f));
  return `## LZ4 encoder: ours against lz4js (speed) and liblz4 (size)

${b.date.slice(0, 10)}, ${b.browser}, liblz4 ${b.liblz4}; \`npm run bench -- --lz4\` runs this section alone.
Our \`compressLz4\` and lz4js's \`compressBlock\`, both minified with the project's terser options,
timed in turn on the same bodies in Chromium: median of ${b.reps} rounds after 5 warm-up rounds,
rotating which goes first; MB = 10^6 bytes; a speed ratio is the median of each round's ratio,
as the timings of a round share the machine's moment. lz4js is called as the tracker used to
call it (a fresh output buffer and a fresh zeroed 64 Ki-entry table per body), and with one
table kept and zeroed per body; the target is judged against the faster of the two. Sizes are
bytes on the wire (a body that does not shrink counts as raw). liblz4's \`LZ4_compress_default\`
(acceleration 1) compresses the same bodies in Node (the checksums match), and decodes every
block of both encoders with \`LZ4_decompress_safe\` at exactly the raw size.

| target | measured (worst set) | met |
|---|---:|---|
| throughput ≥ ${LZ4_TARGETS.speedup}× lz4js \`compressBlock\` | ${fmt(worst((r) => Math.min(r.speedup, r.speedupKeptTable), Math.min))}× | ${yes(b.met.speed)} |
| compressed size ≤ ${LZ4_TARGETS.sizeVsLiblz4}× liblz4 \`LZ4_compress_default\` | ${fmt(worst((r) => r.sizeVsLiblz4, Math.max), 3)}× | ${yes(b.met.size)} |
| no block refused by liblz4 | ours: ${b.rows.reduce((s, r) => s + r.oursRefused, 0)}; lz4js: ${b.rows.reduce((s, r) => s + r.lz4jsRefused, 0)} of ${b.rows.reduce((s, r) => s + r.count, 0)} | ${yes(b.rows.every((r) => r.oursRefused === 0))} |

${table}
`;
}

/** `npm run bench -- --lz4`: this section only; rewrites it in latest.md and `lz4` in latest.json. */
export async function updateLatest(b: Lz4Bench, readText: (path: string) => string | undefined): Promise<void> {
  const section = lz4Markdown(b);
  const md = readText('bench/results/latest.md');
  const at = md?.indexOf('\n## LZ4') ?? -1;
  writeFileSync('bench/results/latest.md', md === undefined ? `# Benchmarks\n\n${section}` : at < 0 ? `${md}\n${section}` : `${md.slice(0, at + 1)}${section}`);
  const json = readText('bench/results/latest.json');
  writeFileSync('bench/results/latest.json', JSON.stringify({ ...(json ? JSON.parse(json) : {}), lz4: b }, null, 2) + '\n');
}
