// The in-page half of the LZ4 encoder benchmark (bench/lz4.ts drives it with page.evaluate): our
// compressLz4 and lz4js's compressBlock, both from one bundle built with the project's own rollup
// plugins and terser options (window.lz4Encoders), timed on the same bodies in turn.
import { lz4BodySets, checksum } from '/bench/lz4Bodies.js';

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Each set: `warmups` + `reps` rounds; in each, the encoders compress every body of the set, in
 * turn, the order rotating from round to round (so none always runs on a warmer cache or a
 * quieter moment). lz4js twice: as the tracker used to call it (a fresh output buffer and a fresh
 * zeroed table per body), and with one table kept and zeroed per body (its lowest overhead).
 */
export function run(reps, warmups) {
  const { compressLz4, lz4js } = window.lz4Encoders;
  const kept = new Uint32Array(1 << 16);
  const encoders = {
    ours: (body) => compressLz4(body)?.length ?? body.length,
    lz4js: (body) => {
      const size = lz4js.compressBlock(body, new Uint8Array(lz4js.compressBound(body.length)), 0, body.length, new Uint32Array(1 << 16));
      return size > 0 && size < body.length ? size : body.length;
    },
    lz4jsKeptTable: (body) => {
      kept.fill(0);
      const size = lz4js.compressBlock(body, new Uint8Array(lz4js.compressBound(body.length)), 0, body.length, kept);
      return size > 0 && size < body.length ? size : body.length;
    },
  };
  const order = Object.keys(encoders);
  return lz4BodySets().map(({ name, bodies }) => {
    const times = { ours: [], lz4js: [], lz4jsKeptTable: [] };
    const bytes = { ours: 0, lz4js: 0, lz4jsKeptTable: 0 };
    for (let r = -warmups; r < reps; r++) {
      const turn = (r + warmups) % order.length;
      for (const key of [...order.slice(turn), ...order.slice(0, turn)]) {
        const encode = encoders[key];
        let total = 0;
        const t0 = performance.now();
        for (const body of bodies) total += encode(body);
        const ms = performance.now() - t0;
        if (r >= 0) times[key].push(ms);
        bytes[key] = total;
      }
    }
    const rawBytes = bodies.reduce((s, b) => s + b.length, 0);
    // Paired: the timings of one round saw the same moment of a shared machine.
    const ratio = (other) => median(times.ours.map((ms, i) => times[other][i] / ms));
    return {
      name, count: bodies.length, rawBytes, checksum: checksum(bodies),
      oursMs: median(times.ours), lz4jsMs: median(times.lz4js), lz4jsKeptTableMs: median(times.lz4jsKeptTable),
      speedup: ratio('lz4js'), speedupKeptTable: ratio('lz4jsKeptTable'), oursBytes: bytes.ours, lz4jsBytes: bytes.lz4js,
    };
  });
}

window.lz4Bench = { run };
window.dispatchEvent(new Event('lz4-bench-ready'));
