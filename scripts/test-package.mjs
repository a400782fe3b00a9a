#!/usr/bin/env node
// The package as a user gets it (issue 14). Packs the built package, lints the tarball (publint,
// attw), installs it into a temporary project and uses it there the ways users do: require() and
// import() of each entry, tsc under node16, nodenext and bundler resolution on a small app and on
// the README's framework recipes, an esbuild bundle, and server-side rendering in Node (a tracker
// made at module scope: no throw, the process exits by itself, the drop is counted).
//
// The recipes are the README's code blocks whose info string names a file (```ts file=app/tracker.ts),
// written into the project as they are. React's useEffect and Nuxt's defineNuxtPlugin are
// stand-ins declared here (a few lines each), not the frameworks: installing those would cost
// minutes and the network. The HTML recipes run in Chromium (test/e2e/recipes.spec.ts).
//
// Before that, what a user installs and from where: no runtime dependencies (idb-keyval and
// web-vitals are bundled into dist/), no dist file importing a bare specifier, the LICENSE in the
// tarball, and a git install: a fresh clone of HEAD (dist/ is not committed) packed as npm packs a
// git dependency, its `prepare` building dist/ (with this repository's node_modules linked in, so
// no install and no network).
//
// Prints PASS or FAIL per check and exits 1 on any failure. Offline: the package has no
// dependencies, so installing the tarball fetches nothing.
//
// Run after `npm run build`: `npm run test:package`. KEEP_TMP=1 keeps the temporary project.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTarball, packTarball, run as runIn } from './packTarball.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

if (!existsSync(join(root, 'dist', 'sls-webtrack.mjs'))) {
  console.error('test:package: dist/ is missing; run `npm run build` first.');
  process.exit(2);
}

const tmp = mkdtempSync(join(tmpdir(), 'sls-webtrack-package-'));
const app = join(tmp, 'app');
let passed = 0;
let failed = 0;

/** `run` from the shared helper, from this repository by default. */
const run = (cmd, args, { cwd = root, timeout } = {}) => runIn(cmd, args, { cwd, timeout });

/** One check: PASS with an optional note, or FAIL with why; never stops the others. */
async function check(name, fn) {
  const started = Date.now();
  try {
    const note = await fn();
    passed++;
    console.log(`PASS ${name}${note ? `: ${note}` : ''} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name} (${Date.now() - started} ms)\n${String(e?.message ?? e).replace(/^/gm, '     ')}`);
  }
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
}

function write(file, text) {
  mkdirSync(dirname(join(app, file)), { recursive: true });
  writeFileSync(join(app, file), text);
}

// --- The tarball ----------------------------------------------------------------------------
let tarball;
let packedFiles = [];
await check('npm pack: the tarball holds the entries, one declaration file each, the LICENSE, and nothing internal', () => {
  const packed = packTarball(root, tmp);
  const info = packed.info;
  tarball = packed.tarball;
  const files = info.files.map((f) => f.path);
  packedFiles = files;
  assert(files.includes('LICENSE'), 'no LICENSE in the tarball');
  assert(/^MIT License\n\nCopyright \(c\) \d{4} sls-webtrack contributors\n/.test(readFileSync(join(root, 'LICENSE'), 'utf8')), 'LICENSE is not the MIT text with its copyright line');
  const expected = /^(README\.md|LICENSE|package\.json|dist\/(sls-webtrack|core|auto|sts)\.([mc]js|d\.[mc]ts)|dist\/global\.d\.[mc]ts|dist\/sls-webtrack\.(umd|min|debug|vitals)\.js|dist\/sls-webtrack\.debug\.mjs|dist\/chunks\/[\w-]+\.[mc]js)$/;
  const unexpected = files.filter((f) => !expected.test(f));
  assert(unexpected.length === 0, `unexpected files in the tarball: ${unexpected.join(', ')}`);
  // Every file package.json names is shipped (publint checks it too; this says which is missing).
  const named = [pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.jsdelivr, ...JSON.stringify(pkg.exports).match(/\.\/dist\/[^"]+/g)];
  const missing = [...new Set(named)].map((f) => f.replace(/^\.\//, '')).filter((f) => !files.includes(f));
  assert(missing.length === 0, `package.json names files the tarball lacks: ${missing.join(', ')}`);
  return `${files.length} files, ${(info.size / 1024).toFixed(1)} KiB packed`;
});
if (!tarball) {
  console.log(`\n0 passed, ${failed} failed`);
  process.exit(1);
}

await check('no runtime dependencies: what dist/ needs is bundled into it', () => {
  const declared = ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']
    .flatMap((field) => Object.keys(pkg[field] ?? {}).map((name) => `${field}.${name}`));
  assert(declared.length === 0, `package.json declares ${declared.join(', ')}`);
});

// esbuild reads each file as a bundler would and reports every import, require() and dynamic
// import() it finds; only relative ones (the chunks) may remain.
await check('dist files import no bare specifier (nothing from node_modules at runtime)', async () => {
  const { build } = await import('esbuild');
  const entries = packedFiles.filter((f) => /^dist\/.*\.(m?js|cjs)$/.test(f)).map((f) => ({ in: f, out: f.replace(/[/.]/g, '_') }));
  const bare = new Set();
  const record = {
    name: 'record-bare',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'entry-point') bare.add(`${args.importer.slice(root.length + 1)} → ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  await build({ absWorkingDir: root, entryPoints: entries, bundle: true, write: false, outdir: join(tmp, 'scan'), platform: 'neutral', logLevel: 'silent', plugins: [record] });
  assert(bare.size === 0, `bare imports:\n${[...bare].join('\n')}`);
  return `${entries.length} files`;
});

await check('a git install builds: `npm pack` of a fresh clone of HEAD runs prepare and ships dist/', () => {
  const clone = join(tmp, 'clone');
  const head = run('git', ['rev-parse', '--short', 'HEAD']).stdout.trim();
  run('git', ['clone', '--quiet', '--shared', '--no-checkout', root, clone]);
  run('git', ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', head], { cwd: clone });
  assert(!existsSync(join(clone, 'dist')), 'dist/ is committed');
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const { stdout } = run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: clone, timeout: 300_000 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('[\n')));
  const files = info.files.map((f) => f.path);
  const missing = packedFiles.filter((f) => !files.includes(f));
  assert(missing.length === 0, `the git install lacks ${missing.join(', ')} (no prepare script?)`);
  assert(readdirSync(join(clone, 'dist')).length > 0, 'no dist/ in the clone');
  return `HEAD ${head}: ${files.length} files, as the tarball above`;
});

await check('publint (strict, suggestions too)', () => {
  const { output } = run(process.execPath, [bin('publint'), 'run', tarball, '--strict']);
  assert(/All good!/.test(output), output);
  return 'All good';
});

// The tarball we install, not a second `attw --pack`: the same bytes are linted and used.
await check('attw (strict profile: node10, node16 from CJS and ESM, bundler)', () => {
  const { output } = run(process.execPath, [bin('attw'), '--no-definitely-typed', '--no-emoji', '--no-color', '--format', 'table-flipped', tarball]);
  assert(/No problems found/.test(output), output);
  return 'No problems found, every entry';
});

// --- A fresh project with the tarball installed -----------------------------------------------
write('package.json', JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2));
await check('npm install <tarball> into a fresh project', () => {
  installTarball(tarball, app);
  assert(existsSync(join(app, 'node_modules', 'sls-webtrack', 'package.json')), 'not installed');
});

const options = "{ host: 'cn-hangzhou.log.aliyuncs.com', project: 'my-project', logstore: 'web' }";

// A Node program must end by itself: anything the tracker left running (a timer, a handle) would
// keep it alive until the timeout below.
const exitsAlone = (file, limitMs = 5000) => {
  const { stdout, stderr, ms } = run(process.execPath, [file], { cwd: app, timeout: 15_000 });
  assert(ms < limitMs, `${file} took ${ms} ms to exit (limit ${limitMs} ms)`);
  assert(stderr.trim() === '', `${file} wrote to stderr:\n${stderr}`);
  return { out: stdout.trim(), ms };
};

write('require.cjs', `const assert = require('node:assert/strict');
const full = require('sls-webtrack');
const core = require('sls-webtrack/core');
const auto = require('sls-webtrack/auto');
const sts = require('sls-webtrack/sts');
assert.deepEqual(Object.keys(full), ['createTracker']);
assert.deepEqual(Object.keys(core), ['createTracker']);
assert.deepEqual(Object.keys(auto), ['autoCapture']);
assert.deepEqual(Object.keys(sts), ['createTracker']);
assert.throws(() => sts.createTracker(${options}), /option "credentials"/);
const tracker = full.createTracker(${options});
auto.autoCapture(tracker);
tracker.track({ event: 'required' });
assert.deepEqual(tracker.stats().dropped, { unsupported: 1 });
console.log('ok');
`);
await check("require() of '.', './core', './auto', './sts' (the .cjs builds)", () => {
  const { out, ms } = exitsAlone('require.cjs');
  assert(out === 'ok', out);
  return `exited by itself in ${ms} ms`;
});

write('import.mjs', `import assert from 'node:assert/strict';
const full = await import('sls-webtrack');
const core = await import('sls-webtrack/core');
const auto = await import('sls-webtrack/auto');
const sts = await import('sls-webtrack/sts');
assert.deepEqual(Object.keys(full), ['createTracker']);
assert.deepEqual(Object.keys(core), ['createTracker']);
assert.deepEqual(Object.keys(auto), ['autoCapture']);
assert.deepEqual(Object.keys(sts), ['createTracker']);
// The import condition gave the ESM files, not the CommonJS ones.
assert.match(import.meta.resolve('sls-webtrack'), /dist\\/sls-webtrack\\.mjs$/);
console.log('ok');
`);
await check("import() of '.', './core', './auto', './sts' (the .mjs builds)", () => {
  const { out } = exitsAlone('import.mjs');
  assert(out === 'ok', out);
});

// As a server-rendered page module would do it: at module scope, nothing awaited, nothing closed.
write('ssr.mjs', `import { createTracker } from 'sls-webtrack';
import { autoCapture } from 'sls-webtrack/auto';

const errors = [];
const drops = [];
export const tracker = createTracker({ ...${options}, onError: (e) => errors.push(e), onDrop: (d) => drops.push(d.reason) });
export const stop = autoCapture(tracker, { allowedParams: ['utm_source'] });
tracker.track({ event: 'rendered on the server' });
tracker.track({ event: 'again' });

let invalid = 'nothing thrown';
try {
  createTracker({ ...${options}, project: 'Not A Project' });
} catch (e) {
  invalid = e.name + ': ' + e.message;
}
console.log(JSON.stringify({ stats: tracker.stats(), errors, drops, invalid }));
`);
await check('SSR in Node: module-scope createTracker + autoCapture', () => {
  const { out, ms } = exitsAlone('ssr.mjs');
  const r = JSON.parse(out);
  assert(JSON.stringify(r.stats.dropped) === '{"unsupported":2}', `stats: ${JSON.stringify(r.stats)}`);
  assert(r.stats.tracked === 0 && r.stats.pending === 0, `stats: ${JSON.stringify(r.stats)}`);
  assert(r.errors.length === 1 && r.errors[0].status === 0 && r.errors[0].errorCode === 'Unsupported', `onError: ${JSON.stringify(r.errors)}`);
  assert(r.drops.join() === 'unsupported,unsupported', `onDrop: ${r.drops}`);
  assert(/^TypeError: .*option "project"/.test(r.invalid), `invalid options: ${r.invalid}`);
  return `no throw, dropped {unsupported: 2}, onError once (0 Unsupported), invalid options still a TypeError, exited by itself in ${ms} ms`;
});

// --- Types ------------------------------------------------------------------------------------
// The README's recipes, as written there.
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const recipes = new Map([...readme.matchAll(/^```(\w+) file=(\S+)\n([\s\S]*?)^```$/gm)].map((m) => [m[2], m[3]]));
const tsRecipes = ['app/tracker.ts', 'app/Analytics.tsx', 'plugins/sls-webtrack.client.ts', 'page.ts'];
for (const name of tsRecipes) if (recipes.has(name)) write(name, recipes.get(name));

// Stand-ins for what the frameworks provide: the types, and for the SSR run the behaviour that
// matters there (React runs no effect on the server; Nuxt's auto-imported defineNuxtPlugin
// returns the plugin it is given).
write('stubs/react.d.ts', `declare module 'react' {
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
}
`);
write('stubs/react.mjs', `export const effects = [];
export function useEffect(effect) { effects.push(effect); }
`);
write('stubs/nuxt.d.ts', `type NuxtPlugin<T> = (nuxtApp: unknown) => void | { provide?: T };
declare function defineNuxtPlugin<T extends Record<string, unknown>>(plugin: NuxtPlugin<T>): NuxtPlugin<T>;
`);
write('stubs/nuxt.mjs', `globalThis.defineNuxtPlugin = (plugin) => plugin;
`);

// An app that uses the whole public API and the script tag's global types.
const appTypes = (cjs) => `${cjs ? '' : '/// <reference types="sls-webtrack/global" />\n'}import {
  createTracker,
  type Compression,
  type DropInfo,
  type DropReason,
  type Tracker,
  type TrackerOptions,
  type TrackerStats,
  type TrackOptions,
} from 'sls-webtrack';
import { createTracker as createCoreTracker } from 'sls-webtrack/core';
import { autoCapture, type AutoCaptureOptions } from 'sls-webtrack/auto';
import { createTracker as createStsTracker, type StsCredentials, type StsTrackerOptions } from 'sls-webtrack/sts';
import type { CallQueue, QueuedCall, SlsWebTrackGlobal } from 'sls-webtrack/global';
// @ts-expect-error only the public types are exported
import type { ResolvedOptions } from 'sls-webtrack';
// @ts-expect-error internal files are not reachable
import type {} from 'sls-webtrack/dist/types/index.js';

const compress: Compression = 'deflate';
const options: TrackerOptions = {
  ...${options},
  compress,
  onDrop: (d: DropInfo) => void d.reason,
  onError: (e) => void e.errorCode.toLowerCase(),
};
const tracker: Tracker = createTracker(options);
const core: Tracker = createCoreTracker(options);
const auto: AutoCaptureOptions = { allowedParams: ['utm_source'], keepHash: true };
const stop: () => void = autoCapture(core, auto);
const credentials = async (): Promise<StsCredentials> => ({ accessKeyId: 'STS.x', accessKeySecret: 's', securityToken: 't', expiration: '2030-01-01T00:00:00Z' });
const stsOptions: StsTrackerOptions = { ...options, credentials };
const signed: Tracker = createStsTracker(stsOptions);
// @ts-expect-error credentials are required
createStsTracker(options);
signed.track({ event: 'signed' });
const per: TrackOptions = { topic: 'checkout', tags: { step: '2' } };
tracker.track({ event: 'x' }, per);
const stats: TrackerStats = tracker.stats();
const unsupported: number | undefined = stats.dropped.unsupported;
const reason: DropReason = 'unsupported';
const call: QueuedCall = ['track', { event: 'queued' }];
const queue: CallQueue | undefined = window.slsq;
queue?.push(call);
const global: SlsWebTrackGlobal = window.SlsWebTrack;
global.start({ ...options, ...auto }).track('started');
SlsWebTrack.tracker?.flush();
void [stop, unsupported, reason, 0 as unknown as ResolvedOptions];
${cjs ? 'export = tracker;' : 'await tracker.flush();\nexport {};'}
`;
write('types/app.mts', appTypes(false));
write('types/app.cts', appTypes(true));

const tsconfig = (name, compilerOptions, include) =>
  write(name, JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], ...compilerOptions }, include }, null, 2));
// skipLibCheck off: the package's own declaration files are checked too (TS2834 lived there).
tsconfig('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }, ['types', 'page.ts']);
tsconfig('tsconfig.nodenext.json', { module: 'nodenext', moduleResolution: 'nodenext' }, ['types', 'page.ts']);
tsconfig('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve' }, ['types/app.mts', 'app', 'plugins', 'page.ts', 'stubs/*.d.ts']);

await check('README recipes found (React/Next.js, Nuxt, script-tag TypeScript)', () => {
  const missing = tsRecipes.filter((n) => !recipes.has(n));
  assert(missing.length === 0, `README has no block ${missing.map((n) => '`file=' + n + '`').join(', ')}`);
  return tsRecipes.join(', ');
});
for (const mode of ['node16', 'nodenext', 'bundler']) {
  const what = mode === 'bundler' ? 'the app (ESM) and the README recipes' : 'the app as ESM (.mts) and CommonJS (.cts), and the script-tag page';
  await check(`tsc --noEmit, moduleResolution ${mode}: ${what}`, () => {
    run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`], { cwd: app });
  });
}

// --- Bundling ---------------------------------------------------------------------------------
// esbuild is resolved from this repository: the app under test has only the tarball installed.
const esbuild = await import('esbuild');

// The recipes bundled as a server build would bundle them, then run in Node: React renders the
// component without running its effect, a server render calls getTracker() anyway, and the
// Nuxt plugin runs though its .client suffix would keep it off the server.
write('ssr-app.ts', `import './stubs/nuxt.mjs';
import { effects } from 'react';
import { Analytics } from './app/Analytics';
import { getTracker } from './app/tracker';
import plugin from './plugins/sls-webtrack.client';

const rendered = Analytics();
const fromRender = getTracker();
fromRender.track({ event: 'rendered on the server' });
const provided = plugin({});
const nuxtTracker = provided ? provided.provide?.tracker : undefined;
nuxtTracker?.track({ event: 'nuxt on the server' });
console.log(JSON.stringify({
  rendered,
  effects: effects.length,
  same: getTracker() === fromRender,
  next: fromRender.stats().dropped,
  nuxt: nuxtTracker?.stats().dropped,
}));
`);
await check('esbuild bundle of an app with the recipes (platform browser, ESM)', async () => {
  const result = await esbuild.build({
    absWorkingDir: app,
    entryPoints: ['ssr-app.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: 'out/ssr-app.mjs',
    alias: { react: './stubs/react.mjs' },
    metafile: true,
    logLevel: 'silent',
  });
  assert(result.errors.length === 0 && result.warnings.length === 0, JSON.stringify([...result.errors, ...result.warnings]));
  const inputs = Object.keys(result.metafile.inputs);
  for (const f of ['node_modules/sls-webtrack/dist/sls-webtrack.mjs', 'node_modules/sls-webtrack/dist/auto.mjs']) {
    assert(inputs.includes(f), `expected ${f} in the bundle (the import condition), got:\n${inputs.join('\n')}`);
  }
  assert(!inputs.some((f) => f.endsWith('.cjs')), 'a CommonJS build was bundled');
  const code = readFileSync(join(app, 'out/ssr-app.mjs'), 'utf8');
  assert(!/\bimport\s*[\w{*]|\bimport\(|\brequire\(/.test(code), 'the bundle still imports something');
  return `${(code.length / 1024).toFixed(1)} KiB, self-contained`;
});

await check('recipes under SSR in Node (the bundle above)', () => {
  const { out, ms } = exitsAlone('out/ssr-app.mjs');
  const r = JSON.parse(out);
  assert(r.rendered === null && r.effects === 1, `Analytics rendered ${r.rendered} with ${r.effects} effect(s) pending`);
  assert(r.same === true, 'getTracker() made a second tracker');
  assert(JSON.stringify(r.next) === '{"unsupported":1}', `Next.js recipe: ${JSON.stringify(r.next)}`);
  assert(JSON.stringify(r.nuxt) === '{"unsupported":1}', `Nuxt recipe: ${JSON.stringify(r.nuxt)}`);
  return `no effect run, inert trackers, exited by itself in ${ms} ms`;
});

write('dev-app.mjs', `import { createTracker } from 'sls-webtrack';
try { createTracker({ project: 'demo', logstore: 'web' }); } catch (e) { console.log(e.message); }
`);
await check('a development build (esbuild, conditions: development) gets the debug build, with its explanations', async () => {
  const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['dev-app.mjs'], bundle: true, format: 'esm', platform: 'node', conditions: ['development'], outfile: 'out/dev-app.mjs', metafile: true, logLevel: 'silent' });
  const inputs = Object.keys(result.metafile.inputs);
  assert(inputs.includes('node_modules/sls-webtrack/dist/sls-webtrack.debug.mjs'), `expected the debug build, got:\n${inputs.join('\n')}`);
  const { out } = exitsAlone('out/dev-app.mjs');
  assert(/option "host" must be an endpoint/.test(out), `the debug build's error: ${out}`);
  return out.trim();
});

// JavaScript, not TypeScript: esbuild drops a .ts file's unused imports as TypeScript does,
// whatever the package says; a .mjs file keeps them unless the package has no side effects.
write('unused.mjs', `import { createTracker } from 'sls-webtrack';
import { createTracker as createCoreTracker } from 'sls-webtrack/core';
import { autoCapture } from 'sls-webtrack/auto';
export const answer = 42;
`);
await check('esbuild drops the unused entries of an app (sideEffects)', async () => {
  const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['unused.mjs'], bundle: true, format: 'esm', minify: true, write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].text;
  assert(code.length < 40, `the bundle of unused imports is ${code.length} B:\n${code.slice(0, 400)}`);
  return `${code.length} B left of three imported entries`;
});

if (process.env.KEEP_TMP) console.log(`\nkept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
