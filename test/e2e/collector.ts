// Talks to the collector's introspection API (/_collector/*) from the test process.
export const COLLECTOR = `http://127.0.0.1:${process.env.COLLECTOR_PORT ?? 8790}`;

export type StoredLog = Record<string, string>;

export interface RequestRecord {
  id: number;
  mode: 'header' | 'query' | 'get';
  compressType: string;
  rawBytes: number;
  wireBytes: number;
  logs: number;
  status: number;
  errorCode: string | null;
  topic?: string | null;
  logstore?: string;
  project?: string;
  time?: number;
}

export async function resetCollector(): Promise<void> {
  const res = await fetch(`${COLLECTOR}/_collector/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`reset failed: ${res.status}`);
}

export async function collectorLogs(logstore = 'web', project = 'demo'): Promise<StoredLog[]> {
  const res = await fetch(`${COLLECTOR}/_collector/logs?logstore=${logstore}&project=${project}`);
  return ((await res.json()) as { logs: StoredLog[] }).logs;
}

export async function collectorRequests(): Promise<RequestRecord[]> {
  const res = await fetch(`${COLLECTOR}/_collector/requests`);
  return ((await res.json()) as { requests: RequestRecord[] }).requests;
}

/** A POST body as the collector received it (`GET /_collector/bodies`). */
export interface KeptBody {
  /** The id of its request record. */
  id: number;
  mode: 'header' | 'query';
  compressType: string;
  /** x-log-bodyrawsize as sent. */
  rawSize: number | null;
  status: number;
  errorCode: string | null;
  /** The wire bytes, in base64. */
  base64: string;
}

export async function collectorBodies(): Promise<KeptBody[]> {
  const res = await fetch(`${COLLECTOR}/_collector/bodies`);
  return ((await res.json()) as { bodies: KeptBody[] }).bodies;
}

export async function injectFault(fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${COLLECTOR}/_collector/faults`, { method: 'POST', body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`fault failed: ${res.status}`);
}

/** Polls until `logstore` holds at least `n` logs (or the timeout passes) and returns them. */
export async function waitForLogs(n: number, logstore = 'web', timeoutMs = 20_000, project = 'demo'): Promise<StoredLog[]> {
  const end = Date.now() + timeoutMs;
  let logs = await collectorLogs(logstore, project);
  while (logs.length < n && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    logs = await collectorLogs(logstore, project);
  }
  return logs;
}
