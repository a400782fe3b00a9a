import { randomBytes } from 'node:crypto';

/**
 * Makes x-log-requestid values shaped like the service's (24 upper-case hex digits, the first
 * eight being the unix time, as in the API page's example 5642EFA4…): time, a random per-process
 * part, and a counter, so two ids of one collector never collide.
 */
export function createRequestIds(now: () => number): () => string {
  const processPart = randomBytes(4).toString('hex');
  let counter = randomBytes(4).readUInt32BE(0);
  return () => {
    counter = (counter + 1) >>> 0;
    const seconds = Math.floor(now() / 1000) >>> 0;
    return (
      seconds.toString(16).padStart(8, '0') +
      processPart +
      counter.toString(16).padStart(8, '0')
    ).toUpperCase();
  };
}
