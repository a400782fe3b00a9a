import { nextTask } from '../lib/nextTask';
import type { BatchMeta } from '../batch/BatchMeta';
import { bodyTail, buildBody } from '../batch/buildBody';

/** Main-thread time one task of encodeBody may take before it yields (ms). */
const SLICE_MS = 8;

/**
 * The body of `jsons` (buildBody's text) as UTF-8, `bytes` long, written log by log into one
 * buffer: no joined copy of the text, and each log's text encoded on its own (an ASCII log takes
 * the engine's one-byte path even when another log of the batch is not ASCII). Yields a task
 * after every SLICE_MS of work, so that a 3 MB body is not one long task. A size that does not
 * match (a bug) would cut the body: then the joined text is encoded whole.
 */
export async function encodeBody(meta: BatchMeta, jsons: string[], bytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const enc = new TextEncoder();
  const out = new Uint8Array(bytes);
  let at = enc.encodeInto('{"__logs__":[', out).written;
  let ok = true;
  let sliceStart = performance.now();
  for (let i = 0; i < jsons.length && ok; i++) {
    if (i) out[at++] = 44; // ','
    const s = jsons[i]!;
    const r = enc.encodeInto(s, out.subarray(at));
    at += r.written;
    ok = r.read == s.length;
    if ((i & 255) == 255 && performance.now() - sliceStart > SLICE_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
  }
  const tail = ']' + bodyTail(meta);
  const r = enc.encodeInto(tail, out.subarray(at));
  return ok && r.read == tail.length && at + r.written == bytes ? out : enc.encode(buildBody(meta, jsons));
}
