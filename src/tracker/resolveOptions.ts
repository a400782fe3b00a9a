import type { Compression, DropInfo, TrackerOptions } from '../types';
import { optOutKey } from '../lib/storageKeys';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { MAX_BODY_BYTES, MAX_LOGS_PER_REQUEST, MAX_TOPIC_BYTES, MAX_VALUE_BYTES } from '../lib/limits';
import { utf8Length } from '../normalize/utf8Length';

/** The options, checked, with their defaults; fields keep the public option names. */
export interface ResolvedOptions {
  /** The track URL: `…/logstores/{logstore}/track`. */
  _url: string;
  _topic: string;
  _source: string;
  _tags: Record<string, string>;
  _flushInterval: number;
  _maxBatchLogs: number;
  _maxBatchBytes: number;
  _compress: Compression;
  _maxInFlight: number;
  _onDrop: ((info: DropInfo) => void) | undefined;
  _onError: TrackerOptions['onError'];
  _beforeSend: TrackerOptions['beforeSend'];
  _sampleRate: number;
  _optOutKey: string;
  _persist: boolean;
  _maxStoredLogs: number;
  _maxQueueBytes: number;
  _maxAge: number;
}

/** Throws the TypeError naming the option; `why` (the debug build only) says what it must be. */
const fail = (name: string, why: string | false): never => {
  throw new TypeError(`sls-webtrack: option "${name}" ${why || 'is invalid'}`);
};

const str = (options: TrackerOptions, name: 'topic' | 'source'): string => {
  const v = options[name] ?? '';
  if (typeof v !== 'string') fail(name, DEBUG_BUILD && 'must be a string');
  if (utf8Length(v) > MAX_TOPIC_BYTES) fail(name, DEBUG_BUILD && `must be at most ${MAX_TOPIC_BYTES} bytes`);
  return v;
};

const int = (options: TrackerOptions, name: keyof TrackerOptions, dflt: number, min: number, max: number): number => {
  const v = options[name] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(name, DEBUG_BUILD && `must be an integer from ${min} to ${max}`);
  }
  return v as number;
};

const fn = <K extends 'onDrop' | 'onError' | 'beforeSend'>(options: TrackerOptions, name: K): TrackerOptions[K] => {
  const v = options[name];
  if (v !== undefined && typeof v !== 'function') fail(name, DEBUG_BUILD && 'must be a function');
  return v;
};

const rate = (v: unknown): number => {
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail('sampleRate', DEBUG_BUILD && 'must be a number from 0 to 1');
  return v as number;
};

/** Checks every option once, at creation, so that nothing later has to throw. */
export function resolveOptions(options: TrackerOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') fail('options', DEBUG_BUILD && 'must be an object');
  const { host, project, logstore } = options;
  if (typeof host !== 'string' || !/^(https?:\/\/[^/?#\s]+|[a-z0-9.-]+(:\d+)?)\/?$/i.test(host)) {
    fail('host', DEBUG_BUILD && 'must be an endpoint ("cn-hangzhou.log.aliyuncs.com") or an origin ("https://…")');
  }
  if (typeof project !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(project)) {
    fail('project', DEBUG_BUILD && 'must be an SLS project name (lowercase letters, digits, "-")');
  }
  if (typeof logstore !== 'string' || !/^[a-z0-9][a-z0-9_-]{1,62}$/.test(logstore)) {
    fail('logstore', DEBUG_BUILD && 'must be an SLS logstore name (lowercase letters, digits, "_", "-")');
  }
  const tags = options.tags ?? {};
  if (typeof tags !== 'object' || Array.isArray(tags)) fail('tags', DEBUG_BUILD && 'must be an object of strings');
  for (const k in tags) {
    const v = tags[k];
    // Over 1 MiB the service refuses every request carrying the tag, whatever its logs.
    if (typeof v !== 'string' || utf8Length(v) > MAX_VALUE_BYTES) fail('tags', DEBUG_BUILD && `value of "${k}" must be a string of at most 1 MiB`);
  }
  const compress = options.compress ?? 'lz4';
  if (compress !== 'lz4' && compress !== 'deflate' && compress !== 'none') {
    fail('compress', DEBUG_BUILD && 'must be "lz4", "deflate" or "none"');
  }
  const base = host.replace(/\/$/, '');
  return {
    _url: (/^https?:/i.test(base) ? base : `https://${project}.${base}`) + `/logstores/${logstore}/track`,
    _topic: str(options, 'topic'),
    _source: str(options, 'source'),
    _tags: { ...tags },
    _flushInterval: int(options, 'flushInterval', 2000, 0, 3_600_000),
    _maxBatchLogs: int(options, 'maxBatchLogs', MAX_LOGS_PER_REQUEST, 1, MAX_LOGS_PER_REQUEST),
    _maxBatchBytes: int(options, 'maxBatchBytes', MAX_BODY_BYTES, 1024, MAX_BODY_BYTES),
    _compress: compress,
    _maxInFlight: int(options, 'maxInFlight', 2, 1, 16),
    _onDrop: fn(options, 'onDrop'),
    _onError: fn(options, 'onError'),
    _beforeSend: fn(options, 'beforeSend'),
    _sampleRate: rate(options.sampleRate),
    _optOutKey: optOutKey(project, logstore),
    _persist: options.persist ?? true,
    _maxStoredLogs: int(options, 'maxStoredLogs', 20_000, 1, 1_000_000),
    _maxQueueBytes: int(options, 'maxQueueBytes', 8 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024),
    _maxAge: int(options, 'maxAge', 7 * 24 * 3_600_000, 1000, 365 * 24 * 3_600_000),
  };
}
