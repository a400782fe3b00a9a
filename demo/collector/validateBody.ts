import type { ErrorCode } from './errors.ts';
import type { LogBatch } from './LogBatch.ts';
import type { Limits } from './slsLimits.ts';
import { utf8Length } from './utf8Length.ts';
import { validateKey } from './validateKey.ts';
import { accept, reject, type Verdict } from './Verdict.ts';

/**
 * Checks a parsed PutWebTracking body the way the service does and returns its logs.
 *
 * Shape errors (not an object, `__logs__` missing or not an array, a log not a flat object of
 * strings, topic/source not strings, `__tags__` not an object of strings) are PostBodyInvalid, as
 * are topic/source over 128 bytes and values over 1 MiB (the API page names no specific code for
 * those). Too many logs is PostBodyTooLarge; a bad or reserved key is InvalidKey; a string holding
 * a lone surrogate (see below) is InvalidEncoding. Other top-level fields are ignored. An empty
 * `__logs__` is valid and yields no logs.
 *
 * With `clientTime` (the signed form, where @aliyun-sls/web-sts-plugin puts the log's time in
 * each log), a log may carry `__time__` as a whole number of seconds since the epoch, which
 * becomes its time; anything else under that key is PostBodyInvalid.
 */
export function validateBody(
  body: unknown,
  limits: Limits,
  options: { clientTime?: boolean } = {},
): Verdict<LogBatch> {
  if (!isPlainObject(body)) return reject('PostBodyInvalid', 'body must be a JSON object');

  const topic = body['__topic__'];
  const source = body['__source__'];
  for (const [name, value] of [['__topic__', topic], ['__source__', source]] as const) {
    if (value === undefined) continue;
    const problem = checkString(value, limits.maxTopicBytes);
    if (problem) return reject(problem.code, `${name}: ${problem.message}`);
  }

  const tags: Array<[string, string]> = [];
  const rawTags = body['__tags__'];
  if (rawTags !== undefined) {
    if (!isPlainObject(rawTags)) return reject('PostBodyInvalid', '__tags__ must be an object');
    for (const [key, value] of Object.entries(rawTags)) {
      const keyProblem = validateKey(key, 'tag', limits);
      if (keyProblem) return reject('InvalidKey', `tag ${quote(key)}: ${keyProblem}`);
      const problem = checkString(value, limits.maxValueBytes);
      if (problem) return reject(problem.code, `tag ${quote(key)}: ${problem.message}`);
      tags.push([key, value as string]);
    }
  }

  const rawLogs = body['__logs__'];
  if (!Array.isArray(rawLogs)) return reject('PostBodyInvalid', '__logs__ must be an array');
  if (rawLogs.length > limits.maxLogs) {
    return reject('PostBodyTooLarge', `${rawLogs.length} logs, at most ${limits.maxLogs}`);
  }

  const logs: Array<Array<[string, string]>> = [];
  const times: Array<number | undefined> = [];
  for (let i = 0; i < rawLogs.length; i++) {
    const log: unknown = rawLogs[i];
    if (!isPlainObject(log)) return reject('PostBodyInvalid', `log ${i} must be an object`);
    const fields: Array<[string, string]> = [];
    let time: number | undefined;
    for (const [key, value] of Object.entries(log)) {
      if (options.clientTime && key === '__time__') {
        if (!isTime(value)) return reject('PostBodyInvalid', `log ${i}: __time__ must be whole seconds`);
        time = value;
        continue;
      }
      const keyProblem = validateKey(key, 'log', limits);
      if (keyProblem) return reject('InvalidKey', `log ${i}, key ${quote(key)}: ${keyProblem}`);
      const problem = checkString(value, limits.maxValueBytes);
      if (problem) return reject(problem.code, `log ${i}, key ${quote(key)}: ${problem.message}`);
      fields.push([key, value as string]);
    }
    logs.push(fields);
    times.push(time);
  }

  return accept({
    topic: topic as string | undefined,
    source: source as string | undefined,
    tags,
    logs,
    times,
  });
}

// A JSON escape such as "\ud800" parses to a lone surrogate, which has no UTF-8 form. Whether
// the service then answers InvalidEncoding or stores U+FFFD is unverified; refusing is the
// stricter guess, so a client that passes here (by sanitizing) passes there too.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(
  value: unknown,
  maxBytes: number,
): { code: ErrorCode; message: string } | undefined {
  if (typeof value !== 'string') {
    return { code: 'PostBodyInvalid', message: `must be a string, not ${describe(value)}` };
  }
  if (loneSurrogate.test(value)) {
    return { code: 'InvalidEncoding', message: 'lone surrogate (escaped in JSON) has no UTF-8 form' };
  }
  if (utf8Length(value, maxBytes) > maxBytes) {
    return { code: 'PostBodyInvalid', message: `longer than ${maxBytes} bytes` };
  }
  return undefined;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

// Keys can be anything a client sent: keep error messages short and printable.
function quote(key: string): string {
  return JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key);
}
