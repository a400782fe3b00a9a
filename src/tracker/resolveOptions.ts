import type { Compression, DropInfo, TrackerOptions } from '../types';
import { optOutKey } from '../lib/storageKeys';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { MAX_BODY_BYTES, MAX_LOGS_PER_REQUEST, MAX_TOPIC_BYTES, MAX_VALUE_BYTES } from '../lib/limits';
import { isTopicOrSource } from '../normalize/isTopicOrSource';
import { utf8Length } from '../normalize/utf8Length';
import { failOption } from '../lib/failOption';

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

/**
 * `options[name]`, `dflt` when it is undefined or null; throws the TypeError naming the option
 * unless `ok(value, as given)`.
 */
const read = <K extends keyof TrackerOptions>(
  options: TrackerOptions,
  name: K,
  dflt: TrackerOptions[K] | undefined,
  ok: (v: unknown, given: unknown) => boolean,
  why: string | false,
): NonNullable<TrackerOptions[K]> => {
  const given = options[name];
  const v = given ?? dflt;
  if (!ok(v, given)) failOption(name, why);
  return v!;
};

const str = (options: TrackerOptions, name: 'topic' | 'source'): string =>
  read(options, name, '', isTopicOrSource, DEBUG_BUILD && `must be a string of at most ${MAX_TOPIC_BYTES} bytes`);

const int = (options: TrackerOptions, name: keyof TrackerOptions, dflt: number, min: number, max: number): number =>
  read(options, name, dflt, (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, DEBUG_BUILD && `must be an integer from ${min} to ${max}`) as number;

const fn = <K extends 'onDrop' | 'onError' | 'beforeSend'>(options: TrackerOptions, name: K): TrackerOptions[K] =>
  read(options, name, undefined, (_, given) => given === undefined || typeof given === 'function', DEBUG_BUILD && 'must be a function');

const named = (options: TrackerOptions, name: 'host' | 'project' | 'logstore', re: RegExp, why: string | false): string =>
  read(options, name, undefined, (v) => typeof v === 'string' && re.test(v), why);

/** Checks every option once, at creation, so that nothing later has to throw. */
export function resolveOptions(options: TrackerOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') failOption('options', DEBUG_BUILD && 'must be an object');
  const host = named(options, 'host', /^(https?:\/\/[^/?#\s]+|[a-z0-9.-]+(:\d+)?)\/?$/i, DEBUG_BUILD && 'must be an endpoint ("cn-hangzhou.log.aliyuncs.com") or an origin ("https://…")');
  const project = named(options, 'project', /^[a-z0-9][a-z0-9-]{1,62}$/, DEBUG_BUILD && 'must be an SLS project name (lowercase letters, digits, "-")');
  const logstore = named(options, 'logstore', /^[a-z0-9][a-z0-9_-]{1,62}$/, DEBUG_BUILD && 'must be an SLS logstore name (lowercase letters, digits, "_", "-")');
  const tags = read(
    options,
    'tags',
    {},
    (v) => {
      if (typeof v !== 'object' || Array.isArray(v)) return false;
      // Over 1 MiB the service refuses every request carrying the tag, whatever its logs.
      for (const k in v) if (typeof (v as Record<string, unknown>)[k] !== 'string' || utf8Length((v as Record<string, string>)[k]!) > MAX_VALUE_BYTES) return false;
      return true;
    },
    DEBUG_BUILD && 'must be an object of strings of at most 1 MiB',
  );
  const compress = read(options, 'compress', 'lz4', (v) => ['lz4', 'deflate', 'none'].includes(v as string), DEBUG_BUILD && 'must be "lz4", "deflate" or "none"');
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
    _sampleRate: read(options, 'sampleRate', 1, (v, given) => given !== null && typeof v === 'number' && v >= 0 && v <= 1, DEBUG_BUILD && 'must be a number from 0 to 1'),
    _optOutKey: optOutKey(project, logstore),
    _persist: options.persist ?? true,
    _maxStoredLogs: int(options, 'maxStoredLogs', 20_000, 1, 1_000_000),
    _maxQueueBytes: int(options, 'maxQueueBytes', 8 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024),
    _maxAge: int(options, 'maxAge', 7 * 24 * 3_600_000, 1000, 365 * 24 * 3_600_000),
  };
}
