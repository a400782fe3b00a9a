// The bodies of the LZ4 encoder benchmark (bench/lz4.ts), built the same in the page and in Node
// (deterministic), so Chromium's timings and Node's liblz4 sizes are of the same bytes; a checksum
// proves it. Reference logs (workload.js) in bodies shaped as the tracker sends them: small
// requests with a topic and tags, 64 KiB requests, and single bodies of 1 and 3 MiB.
import { makeLogs, bodyBytes } from './workload.js';

const encoder = new TextEncoder();

/** A request body of `count` logs from `from`, with the group's topic and tags after the logs. */
function requestBody(count, from, topic) {
  const logs = JSON.stringify(makeLogs(count, { from }));
  const tags = topic === 'shop' ? ',"__tags__":{"sdk":"sls-webtrack","currency":"CNY"}' : '';
  return encoder.encode(`{"__logs__":${logs},"__topic__":"${topic}"${tags}}`);
}

/** `size` bytes of one body of reference logs (cut: the encoder sees bytes, not JSON). */
function bigBody(size) {
  return bodyBytes(makeLogs(Math.ceil(size / 400) + 100)).subarray(0, size);
}

/** The sets measured, each timed as a whole: [{ name, bodies: Uint8Array[] }]. */
export function lz4BodySets() {
  const small = [];
  for (let i = 0; i < 1000; i++) small.push(requestBody(1 + (i % 20), i * 20, i % 2 ? 'shop' : 'web'));
  const medium = [];
  for (let i = 0; i < 16; i++) {
    const body = requestBody(200, 50_000 + i * 200, 'web');
    medium.push(body.subarray(0, Math.min(body.length, 65_536)));
  }
  return [
    { name: 'small requests (1–20 logs, topic, tags)', bodies: small },
    { name: '64 KiB requests', bodies: medium },
    { name: '1 MiB body', bodies: [bigBody(1 << 20)] },
    { name: '3 MiB body', bodies: [bigBody(3 << 20)] },
  ];
}

/** FNV-1a over every byte of every body, as a hex string. */
export function checksum(bodies) {
  let h = 0x811c9dc5;
  for (const body of bodies) for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body[i], 16777619);
  return (h >>> 0).toString(16);
}
