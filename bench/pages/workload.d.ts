// Types of workload.js (plain ESM, shared by the bench page and bench/run.ts).
export function prng(seed: number): () => number;
export function makeLogs(count: number, options?: { seed?: number; from?: number; pad?: number }): Record<string, string>[];
export function bodyBytes(logs: unknown[]): Uint8Array;
