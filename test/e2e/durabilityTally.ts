// The durability runs' figures, kept across spec files and worker restarts (a file in the output
// directory), so that issue 11's bar applies as it is written: "across all of the above, 0 lost;
// duplicates ≤ 0.5 %". The chaos run (chaos.spec.ts) writes its line before lastMoment.spec.ts
// runs (one worker, files in order), and the last test there judges the total.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';

export interface TallyLine {
  shape: string;
  tracked: number;
  lost: number;
  duplicated: number;
}

const file = (info: TestInfo): string => join(info.project.outputDir, 'durability-tally.jsonl');

export function recordTally(info: TestInfo, line: TallyLine): void {
  mkdirSync(info.project.outputDir, { recursive: true });
  appendFileSync(file(info), JSON.stringify(line) + '\n');
}

export function readTally(info: TestInfo): TallyLine[] {
  const f = file(info);
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as TallyLine) : [];
}
