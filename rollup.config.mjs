// Builds the shapes users get (package.json "exports" points at them; README, "Install"):
//  - dist/sls-webtrack.mjs, dist/core.mjs, dist/auto.mjs, dist/sts.mjs (signed mode): ESM, free of side effects, tree-shake,
//    minified with private names mangled (below);
//    idb-keyval, web-vitals and (in sts) @noble/hashes' MD5 are bundled in, so the files also
//    load from a CDN as they are;
//    production builds (no debug text);
//  - dist/*.cjs: the same for require();
//  - dist/*.d.mts and dist/*.d.cts: one self-contained declaration file per entry (and the
//    types-only `sls-webtrack/global`), public types only; the same text twice, because a .d.ts
//    is read as ESM or CommonJS by its extension and the two conditions need one each;
//  - dist/sls-webtrack.umd.js: the script-tag bundle (core + auto-capture + data- attribute init),
//    global `SlsWebTrack`;
//  - dist/sls-webtrack.min.js: the same, minified; this is what the browser tests load; both
//    leave web-vitals to dist/sls-webtrack.vitals.js, which they load from next to themselves;
//  - dist/sls-webtrack.debug.mjs and dist/sls-webtrack.debug.js: the main ESM entry and the
//    script-tag bundle with the debug text (README, "The debug build"); the ESM one is what
//    bundlers resolve under the `development` condition.
// The ESM build stays first: scripts/size.mjs bundles the entries with its plugins.
import { existsSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

/**
 * `DEBUG_BUILD` (src/lib/debugBuild.ts) as a constant: `false` removes every `if (DEBUG_BUILD)`
 * branch and its message text from a bundle; `onDrop`, `onError` and their details stay.
 */
const debugBuild = (on) => ({
  name: 'debug-build',
  load: (id) => (id.replace(/\\/g, '/').endsWith('/src/lib/debugBuild.ts') ? `export const DEBUG_BUILD = ${on};` : null),
});

/**
 * In the production build, every use of `DEBUG_BUILD` is the literal `false` (Sentry replaces
 * `__DEBUG_BUILD__` the same way). As an import, the flag became an export of a shared chunk that
 * terser, minifying one chunk at a time, cannot inline: `DEBUG_BUILD && 'why'` shipped as a
 * reference in every call, and a second minifier (esbuild, from dist/) kept it too. Runs on
 * TypeScript's output (@rollup/plugin-typescript emits from its own program, not from the code
 * a plugin before it returns).
 */
const debugBuildLiteral = (on) => ({
  name: 'debug-build-literal',
  transform: (code) =>
    on || !code.includes('DEBUG_BUILD')
      ? null
      : { code: code.replace(/import \{ DEBUG_BUILD \} from '[^']*';/, '').replace(/\bDEBUG_BUILD\b/g, 'false'), map: null },
});

/**
 * The script-tag bundles leave web-vitals out (README, "Web vitals from the script tag"): their
 * capture/loadVitals.ts is capture/loadVitalsNextToScript.ts, which loads the second file below.
 */
const vitalsNextToScript = () => ({
  name: 'vitals-next-to-script',
  resolveId(source, importer) {
    if (source !== './loadVitals' || !importer) return null;
    return importer.replace(/\\/g, '/').replace(/\/capture\/[^/]+$/, '/capture/loadVitalsNextToScript.ts');
  },
});

const plugins = (debug = false) => [
  debugBuild(debug),
  nodeResolve({ browser: true }),
  commonjs(),
  typescript({ tsconfig: './tsconfig.json', declaration: false, declarationMap: false, sourceMap: false }),
  debugBuildLiteral(debug),
];

// Mangling contract (Preact's mangle.json is the model):
// - every property whose name starts with one `_` and a letter is private and renamed, across the
//   whole bundle (ours, and the dependencies bundled with it), so a private name costs nothing
//   however long it is spelled;
// - names with two underscores (`__logs__`, `__topic__`, `__tags__`: wire keys) never match;
// - `reserved`: the wire fields the tracker adds to every log, `_ts` and `_id`. They are written
//   inside JSON text, never as property names, and the internal fields are spelled differently
//   (`_time`, `_logId`) on purpose; reserving them keeps any code that reads a parsed log right;
// - anything stored (IndexedDB rows, localStorage entries) uses short names without `_`, which
//   the mangler never touches: what one build writes, the next must read.
// - the ESM and CommonJS builds (what npm users bundle) are minified the same way, so that their
//   bundler (which never renames properties) gets the short names too: a shared name cache keeps
//   a name the same across the chunks of one build; pure annotations stay for their tree-shaking.
// Compression: 4 passes and `inline: 1` measured smallest for every entry (the script tag -37 B
// against 3 passes); `keep_fargs: false` drops unused trailing parameters (-3 B): nothing bundled
// reads a function's `length`.
// The library build (dist/*.mjs, dist/*.cjs) is minified again by the app's bundler; esbuild
// re-renames every variable and gzips smaller after one compress pass than after four (measured,
// esbuild from dist/: core -231 B, core + lz4 -246 B against 4 passes; 2 passes -175 B, 3 passes
// -4 B), so the library build takes one pass and the bundles that ship as they are keep four.
// scripts/size.mjs bundles the entries as a rollup user would with `userMinify` (four passes).
const minify = (nameCache, passes = 4) =>
  terser({
    ecma: 2020,
    compress: { passes, inline: 1, keep_fargs: false, pure_getters: true, unsafe_arrows: true },
    mangle: { properties: { regex: /^_[A-Za-z]/, reserved: ['_ts', '_id'] } },
    format: { comments: false, preserve_annotations: !!nameCache },
    nameCache,
  });

const esmInputs = { 'sls-webtrack': 'src/index.ts', core: 'src/core.ts' };
if (existsSync('src/auto.ts')) esmInputs.auto = 'src/auto.ts';
const scriptEntry = existsSync('src/script.ts') ? 'src/script.ts' : 'src/index.ts';

// One rollup run per declaration file: given several inputs, the plugin would share the common
// types through chunk files, and an entry's types would no longer be one file.
const typeInputs = { 'sls-webtrack': 'src/index.ts', core: 'src/core.ts', auto: 'src/auto.ts', sts: 'src/sts.ts', global: 'src/global.ts' };

export const userMinify = minify({});

export default [
  {
    input: esmInputs,
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', plugins: [minify({}, 1)] },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', plugins: [minify({}, 1)] },
    ],
    plugins: plugins(),
  },
  // Signed mode on its own, so that it changes nothing in the chunks of the entries above (an app
  // uses it instead of the main entry, not beside it). One pass, as every library file above: an
  // app's bundler minifies it again.
  {
    input: { sts: 'src/sts.ts' },
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', plugins: [minify({}, 1)] },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', plugins: [minify({}, 1)] },
    ],
    plugins: plugins(),
  },
  {
    input: scriptEntry,
    output: [
      { file: 'dist/sls-webtrack.umd.js', format: 'umd', name: 'SlsWebTrack' },
      { file: 'dist/sls-webtrack.min.js', format: 'umd', name: 'SlsWebTrack', plugins: [minify()] },
    ],
    plugins: [vitalsNextToScript(), ...plugins()],
  },
  {
    input: 'src/vitals.ts',
    output: { file: 'dist/sls-webtrack.vitals.js', format: 'iife', plugins: [minify()] },
    plugins: plugins(),
  },
  {
    input: 'src/index.ts',
    output: { file: 'dist/sls-webtrack.debug.mjs', format: 'es' },
    plugins: plugins(true),
  },
  {
    input: scriptEntry,
    output: { file: 'dist/sls-webtrack.debug.js', format: 'umd', name: 'SlsWebTrack' },
    plugins: [vitalsNextToScript(), ...plugins(true)],
  },
  ...Object.entries(typeInputs).map(([name, input]) => ({
    input,
    output: [{ file: `dist/${name}.d.mts` }, { file: `dist/${name}.d.cts` }],
    plugins: [dts({ tsconfig: './tsconfig.json' })],
  })),
];
