/**
 * How many of `logs`, from the front, fit one request of at most `maxLogs` logs whose body
 * (`bodySize(overhead, …)`, buildBody.ts) is at most `budget` bytes. 0 when not even the first does.
 */
export function fitLogs(logs: ReadonlyArray<{ _bytes: number }>, overhead: number, budget: number, maxLogs: number): number {
  let size = overhead - 1;
  let n = 0;
  while (n < logs.length && n < maxLogs && size + logs[n]!._bytes + 1 <= budget) size += logs[n++]!._bytes + 1;
  return n;
}
