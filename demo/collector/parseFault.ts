import type { Fault } from './Fault.ts';

/** Checks one fault entry from POST /_collector/faults; a string says what is wrong. */
export function parseFault(json: unknown): Fault | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return 'a fault is an object';
  }
  const input = json as Record<string, unknown>;
  const known = ['status', 'errorCode', 'retryAfter', 'delayMs', 'drop', 'times', 'forever', 'logstore', 'project', 'logContains'];
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length > 0) return `unknown fault field ${unknown.join(', ')}`;

  const { status, errorCode, retryAfter, delayMs, drop, times, forever, logstore, project, logContains } = input;
  const fault: Fault = { times: 1 };
  if (status !== undefined) {
    if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599) {
      return 'status must be an integer 400–599';
    }
    fault.status = status as number;
  }
  if (errorCode !== undefined) {
    if (typeof errorCode !== 'string' || !/^[A-Za-z]{1,64}$/.test(errorCode)) return 'errorCode must be letters';
    fault.errorCode = errorCode;
  }
  if (retryAfter !== undefined) {
    if (!Number.isInteger(retryAfter) || (retryAfter as number) < 0) return 'retryAfter must be whole seconds ≥ 0';
    fault.retryAfter = retryAfter as number;
  }
  if (delayMs !== undefined) {
    if (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 600_000) {
      return 'delayMs must be an integer 0–600000';
    }
    fault.delayMs = delayMs as number;
  }
  if (drop !== undefined) {
    if (typeof drop !== 'boolean') return 'drop must be a boolean';
    if (drop) fault.drop = true;
  }
  if (fault.drop && fault.status !== undefined) return 'a fault either drops or answers a status';
  if (fault.status === undefined && !fault.drop && fault.delayMs === undefined) {
    return 'a fault needs status, drop or delayMs';
  }
  if ((fault.errorCode !== undefined || fault.retryAfter !== undefined) && fault.status === undefined) {
    return 'errorCode and retryAfter go with status';
  }
  if (forever !== undefined && typeof forever !== 'boolean') return 'forever must be a boolean';
  if (times !== undefined) {
    if (!Number.isInteger(times) || ((times as number) < 1 && times !== -1)) {
      return 'times must be a positive integer or -1 (forever)';
    }
    fault.times = times as number;
  }
  if (forever === true) fault.times = -1;
  if (logContains !== undefined) {
    if (typeof logContains !== 'string' || !logContains) return 'logContains must be a non-empty string';
    fault.logContains = logContains;
  }
  for (const [name, value] of [['logstore', logstore], ['project', project]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${name} must be a string`;
    fault[name] = value;
  }
  return fault;
}
