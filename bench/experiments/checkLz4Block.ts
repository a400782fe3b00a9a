// Checks the candidate bench/experiments/lz4Block.ts against lz4js (same output, byte for byte)
// and prints its minified + gzipped size beside lz4js's as bundled. `npx tsx bench/experiments/checkLz4Block.ts`
import { gzipSync } from 'node:zlib';
import * as lz4js from 'lz4js';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import ts from 'typescript';
import terser from '@rollup/plugin-terser';
import { compressBlock, compressBound } from './lz4Block.ts';
import { makeLogs, bodyBytes } from '../pages/workload.js';

let inputs = 0;
for (let t = 0; t < 300; t++) {
  const logs = makeLogs(1 + ((t * 37) % 3000), { seed: t, pad: t % 3 ? 0 : 300 });
  let raw = bodyBytes(logs);
  if (t % 50 === 0) raw = raw.subarray(0, t % 17); // tiny inputs: below the 13-byte minimum
  if (t % 50 === 1) raw = crypto.getRandomValues(new Uint8Array(4096)); // incompressible
  const a = new Uint8Array(lz4js.compressBound(raw.length));
  const b = new Uint8Array(compressBound(raw.length));
  const sa = lz4js.compressBlock(raw, a, 0, raw.length, new Uint32Array(1 << 16));
  const sb = compressBlock(raw, b, 0, raw.length, new Uint32Array(1 << 16));
  if (sa !== sb || Buffer.compare(a.subarray(0, sa), b.subarray(0, sb)) !== 0) throw new Error(`output differs on input ${t}`);
  inputs++;
}
console.log(`same output as lz4js on ${inputs} inputs`);

const min = terser({ ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, mangle: { properties: { regex: /^_[A-Za-z]/ } }, format: { comments: false } });
for (const [name, code] of [
  ['lz4js as bundled', "export { compressBlock, compressBound } from 'lz4js';"],
  ['bench/experiments/lz4Block.ts', "export { compressBlock, compressBound } from './bench/experiments/lz4Block.ts';"],
] as const) {
  const b = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (id) => (id === 'entry' ? id : id.startsWith('./bench/') ? `${process.cwd()}/${id.slice(2)}` : null), load: (id) => (id === 'entry' ? code : null) },
      nodeResolve({ browser: true }),
      commonjs(),
      { name: 'strip-types', transform: (src, id) => (id.endsWith('.ts') ? ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext } }).outputText : null) },
    ],
    onwarn: () => {},
  });
  const { output } = await b.generate({ format: 'es', plugins: [min] });
  await b.close();
  console.log(`${name}: ${output[0].code.length} B minified, ${gzipSync(output[0].code, { level: 9 }).length} B gzip`);
}
