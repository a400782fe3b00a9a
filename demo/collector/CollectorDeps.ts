import type { BodyLog } from './createBodyLog.ts';
import type { CollectorConfig } from './CollectorConfig.ts';
import type { EventHub } from './createEventHub.ts';
import type { Faults } from './createFaults.ts';
import type { LogStore } from './createLogStore.ts';
import type { RequestLog } from './createRequestLog.ts';
import type { Sleeper } from './createSleeper.ts';
import type { StsAuthority } from './createStsAuthority.ts';
import type { Limits } from './slsLimits.ts';

/** The state and services one collector's handlers share. */
export interface CollectorDeps {
  config: CollectorConfig;
  limits: Limits;
  store: LogStore;
  requests: RequestLog;
  /** The wire bytes of recent POST bodies (GET /_collector/bodies). */
  bodies: BodyLog;
  faults: Faults;
  events: EventHub;
  sleeper: Sleeper;
  /** Issued STS credentials and the signing clock, for the signed path. */
  sts: StsAuthority;
  now: () => number;
  /** Directory served under /viewer/, or undefined when there is none. */
  viewerDir: string | undefined;
  warn: (message: string) => void;
}
