/**
 * Cut `logs` into request-sized chunks, greedily and in order: each chunk has at most `maxLogs`
 * logs and a body (`bodySize(overhead, chunk)`, buildBody.ts) of at most `maxBytes`. A log that
 * cannot fit even alone goes to `tooBig` instead, so it never blocks the others. No chunk is empty.
 */
export function splitBatch<T extends { _bytes: number }>(
  logs: readonly T[],
  overhead: number,
  maxLogs: number,
  maxBytes: number,
): { chunks: T[][]; tooBig: T[] } {
  const chunks: T[][] = [];
  const tooBig: T[] = [];
  let chunk: T[] = [];
  // bodySize's count, kept as it goes: each log adds its bytes and its comma.
  let size = overhead - 1;
  for (const log of logs) {
    const cost = log._bytes + 1;
    if (overhead - 1 + cost > maxBytes) tooBig.push(log);
    else {
      if (chunk.length && (chunk.length >= maxLogs || size + cost > maxBytes)) {
        chunks.push(chunk);
        chunk = [];
        size = overhead - 1;
      }
      size += cost;
      chunk.push(log);
    }
  }
  if (chunk.length) chunks.push(chunk);
  return { chunks, tooBig };
}
