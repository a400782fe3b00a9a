import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectorConfig } from './CollectorConfig.ts';
import type { StoredLog } from './toStoredLogs.ts';

export interface LogStore {
  /**
   * Keeps the logs and, with a data dir, appends them to disk before the request is answered.
   * Returns the index the first of them got.
   */
  append(project: string, logstore: string, logs: StoredLog[]): number;
  /** The logs of one logstore from index `since` on, and how many it holds in all. */
  read(project: string, logstore: string, since: number): { logs: StoredLog[]; total: number };
  /** Forgets every log and empties the data files. */
  clear(): void;
}

/**
 * Accepted logs per project and logstore, in memory and, when `dataDir` is given, as JSON lines
 * in `<dataDir>/<project>/<logstore>.jsonl`, loaded again at start so a restart keeps them.
 * Only configured logstores are loaded or written; their names are checked by parseConfig, so
 * they are safe path segments. Writes are synchronous so a 200 means the log is on disk, like the
 * service's answer means it is stored, and so lines of concurrent requests never interleave.
 */
export function createLogStore(
  config: CollectorConfig,
  dataDir: string | undefined,
  warn: (message: string) => void,
): LogStore {
  const memory = new Map<string, { project: string; logstore: string; logs: StoredLog[] }>();
  const keyOf = (project: string, logstore: string) => `${project}/${logstore}`;
  const fileOf = (project: string, logstore: string) =>
    join(dataDir ?? '.', project, `${logstore}.jsonl`);

  for (const [project, logstores] of config.projects) {
    for (const logstore of logstores.keys()) {
      const logs = dataDir ? load(fileOf(project, logstore), warn) : [];
      memory.set(keyOf(project, logstore), { project, logstore, logs });
    }
  }

  return {
    append(project, logstore, logs) {
      const list = memory.get(keyOf(project, logstore))?.logs;
      if (!list) throw new Error(`no logstore ${project}/${logstore}`);
      const first = list.length;
      if (logs.length === 0) return first;
      if (dataDir) {
        mkdirSync(join(dataDir, project), { recursive: true });
        appendFileSync(
          fileOf(project, logstore),
          logs.map((log) => `${JSON.stringify(log)}\n`).join(''),
        );
      }
      for (const log of logs) list.push(log);
      return first;
    },
    read(project, logstore, since) {
      const list = memory.get(keyOf(project, logstore))?.logs ?? [];
      return { logs: list.slice(since), total: list.length };
    },
    clear() {
      for (const { project, logstore, logs } of memory.values()) {
        logs.length = 0;
        if (!dataDir) continue;
        const file = fileOf(project, logstore);
        if (existsSync(file)) writeFileSync(file, '');
      }
    },
  };
}

function load(file: string, warn: (message: string) => void): StoredLog[] {
  if (!existsSync(file)) return [];
  const logs: StoredLog[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      logs.push(JSON.parse(line) as StoredLog);
    } catch {
      // A line cut short by a crash mid-write: keep the rest, say what was skipped.
      warn(`${file}:${index + 1}: skipped a line that is not JSON`);
    }
  });
  return logs;
}
