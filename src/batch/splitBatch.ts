/**
 * Cut `logs` into request-sized chunks, greedily and in order: each chunk has at most `maxLogs`
 * logs and `overhead + Σ _bytes + (n - 1)` (the commas) at most `maxBytes`. A log that cannot fit
 * even alone goes to `tooBig` instead, so it never blocks the others. No chunk is empty.
 */
export function splitBatch<T extends { _bytes: number }>(
  logs: readonly T[],
  overhead: number,
  maxLogs: number,
  maxBytes: number,
): { chunks: T[][]; tooBig: T[] } {
  const chunks: T[][] = [];
  const tooBig: T[] = [];
  let cur: T[] = [];
  let size = overhead;
  for (const log of logs) {
    const b = log._bytes;
    if (overhead + b > maxBytes) tooBig.push(log);
    else {
      if (cur.length && (cur.length >= maxLogs || size + 1 + b > maxBytes)) {
        chunks.push(cur);
        cur = [];
        size = overhead;
      }
      size += (cur.length ? 1 : 0) + b;
      cur.push(log);
    }
  }
  if (cur.length) chunks.push(cur);
  return { chunks, tooBig };
}
