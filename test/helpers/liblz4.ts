// liblz4 itself (the C library, through test/fixtures/liblz4-reference.c) for the tests and the
// benchmark: the reference a C or C++ service decodes with. Compiled once per process into a
// temporary directory. Where the compiler, the header or the library is missing, `openLiblz4`
// says why and how to install it, and the caller counts its checks as not run: skipped, never
// passed; with REQUIRE_LIBLZ4=1 (CI) a missing liblz4 is a failure instead.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const installLiblz4 = 'apt-get install -y liblz4-dev';

const source = fileURLToPath(new URL('../fixtures/liblz4-reference.c', import.meta.url));

/** What `LZ4_decompress_safe` made of a block, given exactly `rawSize` bytes of output. */
export interface Liblz4Decoded {
  /** Its return value: the decoded length, or negative when it refused the block. */
  result: number;
  /** The decoded bytes (empty when refused). */
  bytes: Uint8Array;
}

export interface Liblz4 {
  /** liblz4's version string, e.g. "1.9.4". */
  version: string;
  decode(block: Uint8Array, rawSize: number): Promise<Liblz4Decoded>;
  /** `LZ4_compress_default` (acceleration 1): a raw block, no frame, no size prefix. */
  compress(raw: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type Liblz4Availability = { ok: true; lib: Liblz4 } | { ok: false; why: string };

/** True when `block` decodes with liblz4 to exactly `raw` at exactly `raw.length` bytes of output. */
export async function liblz4DecodesTo(lib: Liblz4, block: Uint8Array, raw: Uint8Array): Promise<boolean> {
  const { result, bytes } = await lib.decode(block, raw.length);
  return result === raw.length && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).equals(raw);
}

/** Compiles and starts the helper; `{ ok: false, why }` when liblz4 or a C compiler is missing. */
export function openLiblz4(): Liblz4Availability {
  const dir = mkdtempSync(join(tmpdir(), 'liblz4-reference-'));
  const binary = join(dir, 'liblz4-reference');
  const compiler = process.env.CC || 'cc';
  const built = spawnSync(compiler, ['-O2', '-o', binary, source, '-llz4'], { encoding: 'utf8' });
  if (built.error || built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    // No compiler at all (ENOENT): it needs installing too.
    const install = built.error ? `apt-get install -y gcc liblz4-dev` : installLiblz4;
    const detail = built.error ? built.error.message : built.stderr.trim().split('\n')[0];
    return { ok: false, why: `could not build the liblz4 helper with ${compiler} (${detail}); install it: ${install}` };
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  return { ok: true, lib: connect(child, version, () => rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Message for a check that needs liblz4 where it is missing: skip it (node:test's `skip` takes
 * the string), or, when REQUIRE_LIBLZ4=1, `false` so that the check runs and `requireLiblz4` fails.
 */
export function skipWithoutLiblz4(availability: Liblz4Availability): string | false {
  if (availability.ok || process.env.REQUIRE_LIBLZ4 === '1') return false;
  const message = `liblz4 check NOT RUN: ${availability.why}`;
  console.log(message);
  return message;
}

/** The library, or an Error saying how to install it (the REQUIRE_LIBLZ4=1 path). */
export function requireLiblz4(availability: Liblz4Availability): Liblz4 {
  if (availability.ok) return availability.lib;
  throw new Error(`REQUIRE_LIBLZ4=1 but liblz4 is missing: ${availability.why}`);
}

type Pending = { resolve: (answer: Uint8Array) => void; reject: (error: Error) => void };

/** Requests go out in order, answers come back in order: a FIFO of pending promises. */
function connect(child: ChildProcessWithoutNullStreams, version: string, cleanup: () => void): Liblz4 {
  const pending: Pending[] = [];
  // Unparsed output: chunks joined only once a whole answer is there (a 3 MiB answer arrives in
  // many pipe reads; joining on every read would copy it over and over).
  let chunks: Buffer[] = [];
  let length = 0;
  let stderr = '';
  let failure: Error | undefined;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    // Each answer: i32 result, then max(result, 0) bytes.
    for (;;) {
      if (length < 4) return;
      if (chunks[0]!.length < 4) chunks = [Buffer.concat(chunks)];
      const total = 4 + Math.max(chunks[0]!.readInt32LE(0), 0);
      if (length < total) return;
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      pending.shift()?.resolve(all.subarray(0, total));
      chunks = all.length > total ? [all.subarray(total)] : [];
      length -= total;
    }
  });
  child.on('exit', (code, signal) => {
    failure = new Error(`liblz4 helper exited (${code ?? signal}): ${stderr.trim()}`);
    for (const p of pending.splice(0)) p.reject(failure);
    cleanup();
  });
  const ask = (op: string, size: number, data: Uint8Array): Promise<Uint8Array> => {
    if (failure) return Promise.reject(failure);
    const head = Buffer.alloc(9);
    head.write(op, 0, 'latin1');
    head.writeUInt32LE(size, 1);
    head.writeUInt32LE(data.length, 5);
    const answer = new Promise<Uint8Array>((resolve, reject) => pending.push({ resolve, reject }));
    child.stdin.write(head);
    child.stdin.write(data);
    return answer;
  };
  return {
    version,
    async decode(block, rawSize) {
      const answer = await ask('d', rawSize, block);
      const result = new DataView(answer.buffer, answer.byteOffset, 4).getInt32(0, true);
      return { result, bytes: answer.subarray(4) };
    },
    async compress(raw) {
      const answer = await ask('c', 0, raw);
      const size = new DataView(answer.buffer, answer.byteOffset, 4).getInt32(0, true);
      if (size <= 0) throw new Error(`LZ4_compress_default failed (${size}) on ${raw.length} bytes`);
      return answer.subarray(4);
    },
    close() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      });
    },
  };
}
