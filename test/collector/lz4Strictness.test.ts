/**
 * The collector's LZ4 decoder is at least as strict as liblz4 (LZ4_decompress_safe with exactly
 * x-log-bodyrawsize bytes of output, as a C or C++ service decodes) and no stricter on what
 * liblz4 makes:
 *
 * - one hand-made block per rule, each one a naive decoder (no end of block rules, no size
 *   checks) would take, refused by decodeLz4Block and answered 400 PostBodyUncompressError, and
 *   refused by liblz4 itself where liblz4 refuses it;
 * - a real lz4js block with the end of block bug (Benzinga/lz4js issue #12), refused by both;
 * - 20,000 random near-valid blocks: nothing liblz4 refuses is accepted, what both accept decodes
 *   to the same bytes, and what only liblz4 accepts breaks a rule of the block format;
 * - liblz4's own blocks of 2,300 bodies all decode.
 *
 * Without liblz4 the liblz4 halves are skipped (not run, never passed) unless REQUIRE_LIBLZ4=1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lz4js from 'lz4js';
import { decodeLz4Block } from '../../demo/collector/decodeLz4Block.ts';
import { assertError, reset, startTestCollector, track, type TestCollector } from '../fixtures/collectorTestKit.ts';
import { liblz4DecodesTo, openLiblz4, requireLiblz4, skipWithoutLiblz4 } from '../helpers/liblz4.ts';
import { seededRandom, trackerBody } from '../helpers/lz4Bodies.ts';

const reference = openLiblz4();
const skipLiblz4 = skipWithoutLiblz4(reference);
after(async () => {
  if (reference.ok) await reference.lib.close();
});

// --- blocks by hand ------------------------------------------------------------------------------

interface Sequence {
  literals: string | number[];
  offset: number;
  match: number;
}

const bytesOf = (literals: string | number[]): number[] => (typeof literals === 'string' ? [...Buffer.from(literals)] : literals);

function putLength(out: number[], value: number): void {
  for (; value >= 255; value -= 255) out.push(255);
  out.push(value);
}

/** A block of these sequences, then a last sequence of `last` as literals. */
function makeBlock(sequences: Sequence[], last: string | number[]): Uint8Array {
  const out: number[] = [];
  for (const { literals, offset, match } of [...sequences, { literals: last, offset: -1, match: 4 }]) {
    const lit = bytesOf(literals);
    out.push((Math.min(lit.length, 15) << 4) | Math.min(match - 4, 15));
    if (lit.length >= 15) putLength(out, lit.length - 15);
    out.push(...lit);
    if (offset < 0) break;
    out.push(offset & 255, offset >> 8);
    if (match - 4 >= 15) putLength(out, match - 19);
  }
  return Uint8Array.from(out);
}

/**
 * What a naive decoder makes of a block: the format's sequences, no end of block rules, no size
 * to keep to, out-of-range reads as zeros, literal runs cut at the end of the input; one that
 * trusts the announced size stops once it has `stopAt` bytes. Also lists the matches, for telling
 * which rule a block breaks.
 */
function naiveDecode(block: Uint8Array, stopAt = Infinity): { bytes: Uint8Array; matches: Array<{ start: number; end: number; offset: number }> } {
  const out: number[] = [];
  const matches: Array<{ start: number; end: number; offset: number }> = [];
  let ip = 0;
  const length = (nibble: number): number => {
    let value = nibble;
    if (nibble === 15) for (let byte = 255; byte === 255 && ip < block.length; value += byte) byte = block[ip++]!;
    return value;
  };
  while (ip < block.length) {
    const token = block[ip++]!;
    const literals = length(token >> 4);
    out.push(...block.subarray(ip, ip + literals));
    ip += literals;
    if (ip >= block.length || out.length >= stopAt) break;
    const offset = block[ip]! | ((block[ip + 1] ?? 0) << 8);
    ip += 2;
    const match = length(token & 15) + 4;
    const start = out.length;
    for (let i = 0; i < match; i++) out.push(out[out.length - offset] ?? 0);
    matches.push({ start, end: out.length, offset });
  }
  return { bytes: Uint8Array.from(out), matches };
}

const body = '{"__logs__":[{"v":"abcd'; // 23 bytes, ends in a 4-byte pattern to repeat
const whole = (text: string) => Buffer.from(text);

interface Case {
  rule: string;
  block: Uint8Array;
  rawSize: number;
  /** What a naive decoder yields (the body a lenient collector would store, where it is JSON). */
  naive: string | undefined;
  /** The naive decoder stops at the announced size (trailing input is never read). */
  naiveStops?: true;
  /** False only where liblz4 1.9.4 takes the block (offset 0: it writes zeros). */
  liblz4Refuses: boolean;
}

const plain = '{"__logs__":[{"v":"plain text, no repeats"}]}';
const CASES: Case[] = [
  {
    rule: 'a match reaching into the last 5 bytes',
    block: makeBlock([{ literals: body, offset: 4, match: 8 }], '"}]}'),
    rawSize: 35,
    naive: '{"__logs__":[{"v":"abcdabcdabcd"}]}',
    liblz4Refuses: true,
  },
  {
    rule: 'a last match starting fewer than 12 bytes before the end (11)',
    block: makeBlock([{ literals: body, offset: 4, match: 4 }], 'efg"}]}'),
    rawSize: 34,
    naive: '{"__logs__":[{"v":"abcdabcdefg"}]}',
    liblz4Refuses: true,
  },
  {
    rule: 'offset 0',
    block: makeBlock([{ literals: body, offset: 0, match: 4 }], 'efghijkl"}]}'),
    rawSize: 39,
    naive: undefined, // four zero bytes in the string: not JSON
    liblz4Refuses: false,
  },
  {
    rule: 'an offset reaching before the start',
    block: makeBlock([{ literals: body, offset: 24, match: 4 }], 'efghijkl"}]}'),
    rawSize: 39,
    naive: undefined,
    liblz4Refuses: true,
  },
  {
    rule: 'literals running past the output',
    block: makeBlock([], plain),
    rawSize: plain.length - 1,
    naive: plain,
    liblz4Refuses: true,
  },
  {
    rule: 'a match running past the output',
    block: makeBlock([{ literals: body, offset: 4, match: 8 }], 'efgh"}]}'),
    rawSize: 28,
    naive: '{"__logs__":[{"v":"abcdabcdabcdefgh"}]}',
    liblz4Refuses: true,
  },
  {
    rule: 'literals running past the input',
    block: makeBlock([], plain).subarray(0, plain.length),
    rawSize: plain.length,
    naive: undefined,
    liblz4Refuses: true,
  },
  {
    rule: 'a literal length running past the input',
    block: Uint8Array.from([0xf0, 0xff]),
    rawSize: 300,
    naive: undefined,
    liblz4Refuses: true,
  },
  {
    rule: 'input left over (a byte after the last literals)',
    block: Uint8Array.from([...makeBlock([], plain), 0x00]),
    rawSize: plain.length,
    naive: plain,
    naiveStops: true,
    liblz4Refuses: true,
  },
  {
    rule: 'output short of x-log-bodyrawsize',
    block: makeBlock([], plain),
    rawSize: plain.length + 1,
    naive: plain,
    liblz4Refuses: true,
  },
  {
    rule: 'no last literals: the block ends after a match',
    block: makeBlock([{ literals: body, offset: 4, match: 4 }], []).subarray(0, -1),
    rawSize: 27,
    naive: undefined,
    liblz4Refuses: true,
  },
];

/** A tracker body with a topic whose lz4js block breaks the end of block rules (most do). */
function lz4jsBugBlock(): { raw: Uint8Array; block: Uint8Array; tried: number } {
  const random = seededRandom(12);
  for (let tried = 1; tried <= 200; tried++) {
    const raw = trackerBody(random, 1 + (tried % 4), { topic: 'web', source: '', tags: {} });
    const out = new Uint8Array(lz4js.compressBound(raw.length));
    const size = lz4js.compressBlock(raw, out, 0, raw.length, new Uint32Array(1 << 16));
    const block = out.subarray(0, size);
    if (size > 0 && !decodeLz4Block(block, raw.length).ok) return { raw, block, tried };
  }
  throw new Error('no lz4js block with the end of block bug in 200 bodies');
}

describe('hand-made blocks, one per rule', () => {
  for (const c of CASES) {
    test(`refused: ${c.rule}`, () => {
      const result = decodeLz4Block(c.block, c.rawSize);
      assert.equal(result.ok, false);
      // The naive decoder takes it: the block is one a lenient collector would store.
      const naive = naiveDecode(c.block, c.naiveStops ? c.rawSize : Infinity).bytes;
      if (c.naive !== undefined) assert.ok(whole(c.naive).equals(naive), Buffer.from(naive).toString());
    });
  }

  test('the same blocks are refused by liblz4 (offset 0 aside: liblz4 1.9.4 writes zeros)', { skip: skipLiblz4 }, async (t) => {
    const lib = requireLiblz4(reference);
    for (const c of CASES) {
      const { result } = await lib.decode(c.block, c.rawSize);
      if (c.liblz4Refuses) assert.ok(result !== c.rawSize, `${c.rule}: liblz4 gives ${result}`);
      else t.diagnostic(`${c.rule}: liblz4 ${lib.version} gives ${result} (refused here all the same)`);
    }
  });

  test('a lz4js block with the end of block bug is refused, though lz4js decodes it', (t) => {
    const { raw, block, tried } = lz4jsBugBlock();
    const back = new Uint8Array(raw.length);
    assert.equal(lz4js.decompressBlock(block, back, 0, block.length, 0), raw.length);
    assert.ok(Buffer.from(back).equals(raw));
    const result = decodeLz4Block(block, raw.length);
    assert.equal(result.ok, false);
    t.diagnostic(`tracker body ${tried}: ${result.ok ? '' : result.reason}`);
  });

  test('and by liblz4', { skip: skipLiblz4 }, async () => {
    const { raw, block } = lz4jsBugBlock();
    assert.equal(await liblz4DecodesTo(requireLiblz4(reference), block, raw), false);
  });
});

describe('over HTTP: 400 PostBodyUncompressError', () => {
  let c: TestCollector;
  before(async () => {
    c = await startTestCollector();
  });
  after(() => c.close());

  for (const k of CASES) {
    test(k.rule, async () => {
      await reset(c);
      assertError(await track(c, k.block, { compressType: 'lz4', rawSize: k.rawSize }), 400, 'PostBodyUncompressError');
    });
  }

  test('the lz4js block with the end of block bug', async () => {
    const { raw, block } = lz4jsBugBlock();
    assertError(await track(c, block, { compressType: 'lz4', rawSize: raw.length }), 400, 'PostBodyUncompressError');
  });
});

// --- against liblz4, in bulk ---------------------------------------------------------------------

/** A block near validity: random sequences, wrong offsets, short last runs, cut or padded. */
function nearValidBlock(random: () => number): { block: Uint8Array; rawSize: number } {
  const int = (n: number) => Math.floor(random() * n);
  const length = () => [int(16), 14 + int(6), int(60), 250 + int(300)][[0, 0, 1, 2, 3][int(5)]!]!;
  const sequences: Sequence[] = [];
  let decoded = 0;
  for (let n = int(5); n > 0; n--) {
    const literals = Array.from({ length: length() }, () => 97 + int(4));
    const roll = random();
    const offset = roll < 0.05 ? 0 : roll < 0.1 ? decoded + literals.length + 1 + int(3) : 1 + int(decoded + literals.length);
    const match = 4 + length();
    sequences.push({ literals, offset, match });
    decoded += literals.length + match;
  }
  const last = Array.from({ length: random() < 0.7 ? length() : int(8) }, () => 97 + int(4));
  decoded += last.length;
  let block = [...makeBlock(sequences, last)];
  const damage = random();
  if (damage < 0.05) block = block.slice(0, int(block.length));
  else if (damage < 0.1) block.push(int(256));
  else if (damage < 0.13) block[int(block.length)] = int(256);
  const rawSize = random() < 0.1 ? Math.max(0, decoded + int(5) - 2) : decoded;
  return { block: Uint8Array.from(block), rawSize };
}

/** The block format rule a block breaks that liblz4 may let through, if any. */
function brokenRule(block: Uint8Array, rawSize: number): string | undefined {
  for (const m of naiveDecode(block).matches) {
    if (m.offset === 0) return 'offset 0';
    if (m.start > rawSize - 12) return 'a match starting fewer than 12 bytes before the end';
    if (m.end > rawSize - 5) return 'a match reaching into the last 5 bytes';
  }
  return undefined;
}

test('20,000 near-valid blocks: never more lenient than liblz4; same bytes where both accept', { skip: skipLiblz4 }, async (t) => {
  const lib = requireLiblz4(reference);
  const random = seededRandom(99);
  const counts = { bothAccept: 0, bothRefuse: 0, onlyLiblz4Accepts: 0 };
  const rules = new Map<string, number>();
  for (let round = 0; round < 20; round++) {
    const blocks = Array.from({ length: 1000 }, () => nearValidBlock(random));
    const answers = await Promise.all(blocks.map(({ block, rawSize }) => lib.decode(block, rawSize)));
    blocks.forEach(({ block, rawSize }, i) => {
      const ours = decodeLz4Block(block, rawSize);
      const theirs = answers[i]!;
      const where = `block [${block.join(',')}] at ${rawSize}`;
      if (theirs.result !== rawSize) {
        assert.equal(ours.ok, false, `liblz4 refuses (${theirs.result}), the collector accepts: ${where}`);
        counts.bothRefuse++;
      } else if (ours.ok) {
        assert.ok(Buffer.from(ours.bytes).equals(theirs.bytes), `different bytes: ${where}`);
        counts.bothAccept++;
      } else {
        const rule = brokenRule(block, rawSize);
        assert.ok(rule, `only liblz4 accepts a block that breaks no rule (${ours.reason}): ${where}`);
        rules.set(rule, (rules.get(rule) ?? 0) + 1);
        counts.onlyLiblz4Accepts++;
      }
    });
  }
  assert.ok(counts.bothAccept > 5000 && counts.bothRefuse > 5000, JSON.stringify(counts));
  t.diagnostic(`liblz4 ${lib.version}: ${JSON.stringify(counts)}; refused here, taken by liblz4: ${JSON.stringify(Object.fromEntries(rules))}`);
});

test("liblz4's own blocks of 2,300 bodies all decode", { skip: skipLiblz4 }, async () => {
  const lib = requireLiblz4(reference);
  const random = seededRandom(5);
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < 2000; i++) bodies.push(trackerBody(random, 1 + (i % 50), { topic: i % 2 ? 'web' : '', source: '', tags: i % 3 ? { sdk: 'x' } : {} }, i * 50));
  const text = Buffer.from('{"__logs__":[{"event":"page_view","path":"/products/42"},{"event":"page_view","path":"/products/43"}]}');
  for (let n = 0; n < 300; n++) bodies.push(n < text.length ? text.subarray(0, n) : new Uint8Array(n).fill(n & 255));
  const blocks = await Promise.all(bodies.map((raw) => lib.compress(raw)));
  blocks.forEach((block, i) => {
    const result = decodeLz4Block(block, bodies[i]!.length);
    assert.ok(result.ok, `body ${i} (${bodies[i]!.length} B): ${result.ok ? '' : result.reason}`);
    assert.ok(Buffer.from(result.bytes).equals(bodies[i]!));
  });
});
