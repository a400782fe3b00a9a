#!/usr/bin/env node
// Size budgets (README, "Size"). Prints the gzip (level 9) and brotli (quality 11) size of every
// shipped file in dist/ and of the entry points as a user bundles them: each entry built in
// memory with the plugins and the terser options of rollup.config.mjs (taken from the config
// itself, so the two cannot drift), tree-shaken, one file, minified; and the core entries as an
// app built with esbuild gets them, from the built dist/ files. Fails (exit 1) when an entry is
// over its enforced limit in bench/size-limits.json.
//
// KB here means 1024 bytes. Until an entry reaches its goal, its enforced limit is today's size
// rounded up to the next 0.1 KB: lower it as the code shrinks, never raise it without a reason in
// the commit message. `--update` lowers the limits to today's sizes (it never raises one).
// `--analyze` also prints where each entry's bytes go, module by module (bench/results/size-analysis.md).
//
// Run after `npm run build`: `npm run size`.
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join, relative, dirname, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root); // rollup.config.mjs resolves its inputs and tsconfig from the repo root
const LIMITS = 'bench/size-limits.json';
const RESULTS = 'bench/results';
const args = new Set(process.argv.slice(2));
const KB = 1024;

const gzip = (b) => gzipSync(b, { level: 9 }).length;
const brotli = (b) =>
  brotliCompressSync(b, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    },
  }).length;
const kb = (n) => (n / KB).toFixed(2);

// --- The plugins and minifier of rollup.config.mjs --------------------------------------------
const { rollup } = await import('rollup');
const configModule = await import(pathToFileURL(join(root, 'rollup.config.mjs')).href);
const config = configModule.default;
const configs = Array.isArray(config) ? config : [config];
const outputs = configs.flatMap((c) => (Array.isArray(c.output) ? c.output : [c.output]));
// The minifier a rollup user's bundle gets (the library build's is tuned for a second minifier).
const terserPlugin = configModule.userMinify ?? outputs.flatMap((o) => o?.plugins ?? []).find((p) => p?.name === 'terser');
if (!terserPlugin) {
  console.error('size: no terser plugin found in the outputs of rollup.config.mjs');
  process.exit(2);
}
// The ESM build's plugins (resolve, commonjs, typescript); fresh instances per build would be
// nicer, but the config exports instances, and they are safe to reuse for sequential builds.
const buildPlugins = configs[0].plugins;

/** Bundles `code` (a virtual ESM entry) into one minified ES file, in memory. */
async function bundle(code) {
  const entry = '\0size-entry';
  const build = await rollup({
    input: entry,
    plugins: [
      {
        name: 'size-entry',
        // Relative imports of the virtual entry are from the repo root.
        resolveId: (id, importer) => (id === entry ? id : importer === entry && id.startsWith('.') ? join(root, id) : null),
        load: (id) => (id === entry ? code : null),
      },
      ...buildPlugins,
    ],
    treeshake: true,
    onwarn: (w, warn) => (w.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(w)),
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true, plugins: [terserPlugin] });
  await build.close();
  return output.find((o) => o.type === 'chunk');
}

/**
 * `code` (an ESM entry importing the built dist/ files, as an app imports the package) bundled by
 * esbuild for the browser, minified: what an app built with esbuild (or Vite's production build,
 * which minifies with esbuild) ships.
 */
async function esbuildBundle(code, fromSrc = false) {
  const { build } = await import('esbuild');
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    // From src/: the production build's DEBUG_BUILD and property mangling (rollup.config.mjs).
    ...(fromSrc && {
      mangleProps: /^_[A-Za-z]/,
      plugins: [{ name: 'debug-build', setup: (b) => b.onLoad({ filter: /debugBuild\.ts$/ }, () => ({ contents: 'export const DEBUG_BUILD = false;', loader: 'ts' })) }],
    }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

// The core with the LZ4 encoder and without persistence: no entry ships it; measured only for
// what the LZ4 encoder and persistence each add (below).
const CORE_LZ4 =
  "import { createTrackerWith } from './src/tracker/createTracker.ts'; import { compressLz4 } from './src/encode/compressLz4.ts'; import { createTransport } from './src/send/createTransport.ts'; import { REQUEST_TIMEOUT_MS } from './src/lib/timings.ts'; export const createTracker = (o) => createTrackerWith(o, { _lz4: compressLz4, _transport: (url) => createTransport(url, REQUEST_TIMEOUT_MS) });";
const CORE = "export { createTracker } from './src/core.ts';";

// Entry points as a user's bundler sees them (paths from the repo root).
const ENTRIES = [
  { name: 'core alone', code: CORE },
  { name: 'core alone (esbuild, from dist/)', esbuild: "export { createTracker } from './dist/core.mjs';" },
  { name: 'main entry (sls-webtrack)', code: "export { createTracker } from './src/index.ts';" },
  { name: 'main entry (esbuild, from dist/)', esbuild: "export { createTracker } from './dist/sls-webtrack.mjs';" },
  { name: 'auto-capture (sls-webtrack/auto)', code: "export { autoCapture } from './src/auto.ts';" },
  {
    name: 'main entry + auto',
    code: "export { createTracker } from './src/index.ts'; export { autoCapture } from './src/auto.ts';",
  },
  { name: 'full script-tag bundle', file: 'dist/sls-webtrack.min.js' },
  { name: 'sts (sls-webtrack/sts)', code: "export { createTracker } from './src/sts.ts';" },
  { name: 'sts (esbuild, from dist/)', esbuild: "export { createTracker } from './dist/sts.mjs';" },
  { name: 'core + lz4', code: CORE_LZ4, part: true },
  { name: 'core + lz4 (esbuild, from src/)', esbuildSrc: CORE_LZ4, part: true },
  { name: 'core alone (esbuild, from src/)', esbuildSrc: CORE, part: true },
];

// --- dist/ -----------------------------------------------------------------------------------
function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
if (!existsSync('dist/sls-webtrack.min.js')) {
  console.error('size: dist/ is missing or incomplete; run `npm run build` first.');
  process.exit(2);
}
const shipped = walk('dist').filter((f) => /\.[mc]?js$/.test(f)).map((f) => relative(root, f).split('\\').join('/'));
// Chunks that no entry imports are left over from an earlier build (rollup does not empty dist/).
const reached = new Set();
const visit = (f) => {
  if (reached.has(f) || !existsSync(f)) return;
  reached.add(f);
  const src = readFileSync(f, 'utf8');
  for (const m of src.matchAll(/(?:(?:import|export)\s*(?:[^'";]*?from\s*)?|require\()['"](\.{1,2}\/[^'"]+)['"]/g)) {
    visit(posix.normalize(posix.join(posix.dirname(f), m[1])));
  }
};
for (const f of shipped) if (!f.startsWith('dist/chunks/')) visit(f);

const distRows = shipped.map((f) => {
  const b = readFileSync(f);
  return { file: f, raw: b.length, gzip: gzip(b), brotli: brotli(b), stale: !reached.has(f) };
});

// --- entry points ----------------------------------------------------------------------------
const entryRows = [];
const chunks = {};
for (const e of ENTRIES) {
  let code;
  if (e.file) code = readFileSync(e.file, 'utf8');
  else if (e.esbuild || e.esbuildSrc) code = await esbuildBundle(e.esbuild ?? e.esbuildSrc, Boolean(e.esbuildSrc));
  else {
    const chunk = await bundle(e.code);
    chunks[e.name] = chunk;
    code = chunk.code;
  }
  const b = Buffer.from(code);
  entryRows.push({ name: e.name, raw: b.length, gzip: gzip(b), brotli: brotli(b), part: e.part });
}

// What the LZ4 encoder adds inside the bundle (issue 10: at most 600 B gzip), what persistence adds
// to the core (issue 19: the main entry composes it in), and what signed mode adds to the main
// entry (issue 21: at most 1.5 KB).
for (const [name, withIt, without] of [
  ['the LZ4 encoder (core + lz4 minus core alone)', 'core + lz4', 'core alone'],
  ['the LZ4 encoder (esbuild, from src/)', 'core + lz4 (esbuild, from src/)', 'core alone (esbuild, from src/)'],
  ['persistence (main entry minus core + lz4)', 'main entry (sls-webtrack)', 'core + lz4'],
  ['signed mode (sts minus main entry)', 'sts (sls-webtrack/sts)', 'main entry (sls-webtrack)'],
  ['signed mode (esbuild, from dist/)', 'sts (esbuild, from dist/)', 'main entry (esbuild, from dist/)'],
]) {
  const a = entryRows.find((r) => r.name === withIt);
  const b = entryRows.find((r) => r.name === without);
  if (a && b) entryRows.push({ name, raw: a.raw - b.raw, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli });
}

// --- limits ----------------------------------------------------------------------------------
const limits = JSON.parse(readFileSync(LIMITS, 'utf8'));
const ceil01 = (bytes) => Math.ceil(bytes / KB * 10 - 1e-9) / 10;
let failed = false;
for (const r of entryRows) {
  const l = limits.entries[r.name];
  if (!l) continue;
  r.limit = l.limit;
  r.goal = l.goal;
  if (r.gzip > l.limit * KB) {
    r.status = `OVER by ${r.gzip - Math.floor(l.limit * KB)} B`;
    failed = true;
  } else if (r.gzip <= l.goal * KB) r.status = 'goal met';
  else r.status = `ok, ${kb(r.gzip - l.goal * KB)} KB above goal`;
  if (args.has('--update') && ceil01(r.gzip) < l.limit) {
    l.limit = Math.max(ceil01(r.gzip), l.goal);
    r.status += ` (limit lowered to ${l.limit})`;
  }
}
if (args.has('--update')) writeFileSync(LIMITS, JSON.stringify(limits, null, 2) + '\n');

// --- report ----------------------------------------------------------------------------------
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((h, i) => (i ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const entryTable = table(
  ['entry (minified, tree-shaken)', 'min', 'gzip -9', 'brotli 11', 'limit', 'goal', 'status'],
  entryRows.map((r) => [
    r.name,
    `${r.raw} B`,
    `${r.gzip} B (${kb(r.gzip)} KB)`,
    `${r.brotli} B (${kb(r.brotli)} KB)`,
    r.limit === undefined ? '—' : `${r.limit.toFixed(1)} KB`,
    r.goal === undefined ? '—' : `${r.goal.toFixed(1)} KB`,
    r.status ?? (r.part ? 'measured for a part\'s share only' : 'informative'),
  ]),
);
const kind = (f) =>
  f.includes('.debug.')
    ? 'debug build, not minified'
    : f.endsWith('.mjs')
      ? 'ESM, minified'
      : f.endsWith('.cjs')
        ? 'CommonJS, minified'
        : f.endsWith('.min.js') || f.endsWith('.vitals.js')
          ? 'minified'
          : 'not minified';
const distTable = table(
  ['dist file', 'raw', 'gzip -9', 'brotli 11', 'note'],
  distRows.map((r) => [
    r.file,
    `${r.raw} B`,
    `${r.gzip} B`,
    `${r.brotli} B`,
    r.stale ? 'stale: no entry imports it (left by an earlier build)' : kind(r.file),
  ]),
);

let analysis = '';
if (args.has('--analyze')) {
  // Per module: rollup's rendered (tree-shaken, unminified) length, then each module's rendered
  // code minified alone with the same options (top level kept, so a slight over-estimate), and
  // its share of the entry's gzip in proportion to its minified share.
  // An estimate: the options are rollup.config.mjs's, repeated (the plugin does not expose them).
  const { minify } = await import('terser');
  const opts = { ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, mangle: { properties: { regex: /^_[A-Za-z]/ } }, format: { comments: false } };
  for (const [name, chunk] of Object.entries(chunks)) {
    const row = entryRows.find((r) => r.name === name);
    // Module ids cleaned of rollup's \0 prefix and ?commonjs-… suffixes, so a CommonJS module and
    // its proxies add up under one name.
    const byId = new Map();
    for (const [id, m] of Object.entries(chunk.modules)) {
      if (!m.renderedLength) continue;
      const name = relative(root, id.replace(/\0|\?.*$/g, '')).replace(/^node_modules\//, '');
      const prev = byId.get(name);
      byId.set(name, { rendered: (prev?.rendered ?? 0) + m.renderedLength, code: (prev ? prev.code + '\n' : '') + (m.code ?? '') });
    }
    const mods = [];
    for (const [id, m] of byId) {
      const min = (await minify(m.code, { ...opts, module: false, toplevel: false })).code ?? '';
      mods.push({ id, rendered: m.rendered, min: min.length, gzip: gzip(Buffer.from(min)) });
    }
    const totalMin = mods.reduce((s, m) => s + m.min, 0);
    mods.sort((a, b) => b.min - a.min);
    analysis += `\n### ${name}: ${row.gzip} B gzip, by module\n\n` + table(
      ['module', 'rendered', 'min (alone)', 'gzip (alone)', '≈ share of entry gzip'],
      mods.map((m) => [m.id, `${m.rendered} B`, `${m.min} B`, `${m.gzip} B`, `${Math.round((m.min / totalMin) * row.gzip)} B`]),
    ) + '\n';
  }
}

// The files written hold no date and no stale chunk, so they change only when a size does.
const freshDist = table(
  ['dist file', 'raw', 'gzip -9', 'brotli 11', 'note'],
  distRows.filter((r) => !r.stale).map((r) => [r.file.replace(/^(dist\/chunks\/.+)-[\w-]{8}\.([mc]js)$/, '$1-[hash].$2'), `${r.raw} B`, `${r.gzip} B`, `${r.brotli} B`, kind(r.file)]),
);
const md = `# Bundle sizes

Written by \`npm run size\` (scripts/size.mjs). KB = 1024 bytes; gzip level 9, brotli quality 11.
Entries are bundled from src/ as a user's bundler would (rollup, tree-shaken, minified with the
terser options of rollup.config.mjs), and from the built dist/ files by esbuild (bundled and
minified for the browser, as an app built with esbuild or Vite would); the script-tag bundle is
dist/sls-webtrack.min.js as built.
Limits are enforced (bench/size-limits.json): today's size rounded up to 0.1 KB until the goal is
reached.

${entryTable}

${freshDist}
`;

console.log(entryTable + '\n\n' + distTable + '\n' + analysis);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'size.md'), md);
writeFileSync(join(RESULTS, 'size.json'), JSON.stringify({ kb: KB, entries: entryRows, dist: distRows.filter((r) => !r.stale).map(({ stale: _stale, ...r }) => r) }, null, 2) + '\n');
if (analysis) writeFileSync(join(RESULTS, 'size-analysis.md'), `# Where the bytes go\n\nWritten by \`npm run size -- --analyze\`.\n${analysis}`);

if (distRows.some((r) => r.stale)) console.log('\nnote: stale chunks in dist/ are shipped by `files: ["dist"]`; clean dist/ before building (rm -rf dist).');
if (failed) {
  console.error('\nsize: over budget (bench/size-limits.json). Shrink the code; raise a limit only with a reason in the commit message.');
  process.exit(1);
}
