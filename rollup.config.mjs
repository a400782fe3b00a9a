// Builds the three shapes users get:
//  - dist/sls-webtrack.mjs (+ dist/auto.mjs): ESM, core entry free of side effects, tree-shakes;
//  - dist/sls-webtrack.umd.js: the script-tag bundle (core + auto-capture + data- attribute init),
//    global `SlsWebTrack`;
//  - dist/sls-webtrack.min.js: the same, minified; this is what the browser tests load.
import { existsSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

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

export default [
  {
    input: esmInputs,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
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
];
