// Types of lz4Bodies.js (plain ESM, shared by the LZ4 bench page and bench/lz4.ts).
export interface Lz4BodySet {
  name: string;
  bodies: Uint8Array[];
}
export function lz4BodySets(): Lz4BodySet[];
export function checksum(bodies: Uint8Array[]): string;
