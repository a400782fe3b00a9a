// Builds the shapes users get (package.json "exports" points at them; README, "Install"):
//  - dist/sls-webtrack.mjs, dist/core.mjs, dist/auto.mjs: ESM, free of side effects, tree-shake;
//    idb-keyval and web-vitals are bundled in, so the files also load from a CDN as they are;
//  - dist/*.cjs: the same for require();
//  - dist/*.d.mts and dist/*.d.cts: one self-contained declaration file per entry (and the
//    types-only `sls-webtrack/global`), public types only; the same text twice, because a .d.ts
//    is read as ESM or CommonJS by its extension and the two conditions need one each;
//  - dist/sls-webtrack.umd.js: the script-tag bundle (core + auto-capture + data- attribute init),
//    global `SlsWebTrack`;
//  - dist/sls-webtrack.min.js: the same, minified; this is what the browser tests load.
// The ESM build stays first: scripts/size.mjs bundles the entries with its plugins.
import { existsSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const plugins = () => [
  nodeResolve({ browser: true }),
  commonjs(),
  typescript({ tsconfig: './tsconfig.json', declaration: false, declarationMap: false, sourceMap: false }),
];

// Private names start with `_` and are mangled; wire keys (`__logs__`, `__topic__`…) start with
// two underscores and must survive, hence the single-underscore-then-letter pattern.
const minify = () =>
  terser({
    ecma: 2020,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
    mangle: { properties: { regex: /^_[A-Za-z]/ } },
    format: { comments: false },
  });

const esmInputs = { 'sls-webtrack': 'src/index.ts', core: 'src/core.ts' };
if (existsSync('src/auto.ts')) esmInputs.auto = 'src/auto.ts';
const scriptEntry = existsSync('src/script.ts') ? 'src/script.ts' : 'src/index.ts';

// One rollup run per declaration file: given several inputs, the plugin would share the common
// types through chunk files, and an entry's types would no longer be one file.
const typeInputs = { 'sls-webtrack': 'src/index.ts', core: 'src/core.ts', auto: 'src/auto.ts', global: 'src/global.ts' };

export default [
  {
    input: esmInputs,
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    ],
    plugins: plugins(),
  },
  {
    input: scriptEntry,
    output: [
      { file: 'dist/sls-webtrack.umd.js', format: 'umd', name: 'SlsWebTrack' },
      { file: 'dist/sls-webtrack.min.js', format: 'umd', name: 'SlsWebTrack', plugins: [minify()] },
    ],
    plugins: plugins(),
  },
  ...Object.entries(typeInputs).map(([name, input]) => ({
    input,
    output: [{ file: `dist/${name}.d.mts` }, { file: `dist/${name}.d.cts` }],
    plugins: [dts({ tsconfig: './tsconfig.json' })],
  })),
];
