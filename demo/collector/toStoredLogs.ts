import type { LogBatch } from './LogBatch.ts';

/** A log as the service shows it: its own fields plus `__time__`, `__topic__`, `__source__`, `__tag__:*`. */
export type StoredLog = Record<string, string>;

/** What the service learns from the request itself rather than from the body. */
export interface ArrivalFacts {
  /** Arrival, milliseconds since the epoch; `__time__` is its whole seconds. */
  receivedAt: number;
  /** The client's address; becomes `__source__` when the body sets none, as the service does. */
  clientIp: string;
  /** Extra service-set tags, e.g. the user agent for `track_ua.gif`. */
  extraTags?: Array<[string, string]>;
}

/**
 * Adds the service's fields to each log of an accepted batch. Object.fromEntries defines own
 * properties, so a field named `__proto__` is stored as a field like any other.
 */
export function toStoredLogs(batch: LogBatch, facts: ArrivalFacts): StoredLog[] {
  const arrival = String(Math.floor(facts.receivedAt / 1000));
  const meta: Array<[string, string]> = [
    ['__topic__', batch.topic ?? ''],
    ['__source__', batch.source ?? facts.clientIp],
    ...[...batch.tags, ...(facts.extraTags ?? [])].map(
      ([key, value]): [string, string] => [`__tag__:${key}`, value],
    ),
  ];
  return batch.logs.map((fields, i) => {
    const time = batch.times[i];
    return Object.fromEntries([...fields, ['__time__', time === undefined ? arrival : String(time)], ...meta]);
  });
}
