import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { answerClientError } from './answerClientError.ts';
import type { CollectorConfigJson } from './CollectorConfig.ts';
import type { CollectorDeps } from './CollectorDeps.ts';
import { createBodyLog } from './createBodyLog.ts';
import { createEventHub } from './createEventHub.ts';
import { createFaults } from './createFaults.ts';
import { createLogStore } from './createLogStore.ts';
import { createRequestHandler } from './createRequestHandler.ts';
import { createRequestIds } from './createRequestIds.ts';
import { createRequestLog } from './createRequestLog.ts';
import { createSleeper } from './createSleeper.ts';
import { createStsAuthority } from './createStsAuthority.ts';
import { defaultConfig } from './defaultConfig.ts';
import { parseConfig } from './parseConfig.ts';
import { slsLimits } from './slsLimits.ts';

export interface CollectorOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one (read it back from `port`). Default 8787. */
  port?: number;
  /**
   * Directory for `<project>/<logstore>.jsonl` files, loaded at start and appended to on every
   * accepted request. Default: none, logs live in memory only.
   */
  dataDir?: string;
  /** Projects and logstores, in the format documented in CollectorConfig.ts. Default: defaultConfig. */
  config?: CollectorConfigJson;
  /**
   * Refuse anonymous Web Tracking writes (401), as the service does for logstores with it off;
   * only signed `POST /logstores/{logstore}` writes. Overrides the config's `anonymous`. Default false.
   */
  signed?: boolean;
  /** Served under /viewer/ when the directory exists. Default: `viewer/` beside this file. */
  viewerDir?: string;
  /** Where warnings (unreadable data lines, handler bugs) go. Default: console.warn. */
  warn?: (message: string) => void;
}

export interface Collector {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** The live viewer, `<url>/viewer/`; undefined when there is no viewer directory to serve. */
  viewerUrl: string | undefined;
  port: number;
  server: Server;
  /** Ends event streams and pending delays, closes every connection, resolves once closed. */
  close(): Promise<void>;
}

/** Request records kept for /_collector/requests (a few hundred bytes each). */
const requestLogCapacity = 50_000;
/** Wire bodies kept for /_collector/bodies: the last 2,000, at most 32 MiB in all. */
const bodyLogCapacity = { bodies: 2_000, bytes: 32 * 1024 * 1024 };

/**
 * Starts a local PutWebTracking collector on 127.0.0.1 (never another interface: it is a dev
 * tool with an unauthenticated reset). Rejects when the port is taken or the config is invalid.
 */
export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const parsed = parseConfig(options.config ?? defaultConfig);
  const config = options.signed ? { ...parsed, anonymous: false } : parsed;
  const viewerDir = options.viewerDir ?? fileURLToPath(new URL('./viewer/', import.meta.url));
  const hasViewer = existsSync(viewerDir);
  const now = Date.now;
  const deps: CollectorDeps = {
    config,
    limits: slsLimits,
    store: createLogStore(config, options.dataDir, warn),
    requests: createRequestLog(requestLogCapacity),
    bodies: createBodyLog(bodyLogCapacity.bodies, bodyLogCapacity.bytes),
    faults: createFaults(),
    events: createEventHub(),
    sleeper: createSleeper(),
    sts: createStsAuthority(now),
    now,
    viewerDir: hasViewer ? viewerDir : undefined,
    warn,
  };
  const newRequestId = createRequestIds(now);

  const server = createServer(
    {
      // Above Node's 16 KB default so a GET-form URL over the service's 16 KB query limit reaches
      // the handler and gets the service's answer rather than Node's bare 431.
      maxHeaderSize: 64 * 1024,
      // A client that trickles a body (or headers) is cut off rather than holding a socket forever.
      requestTimeout: 60_000,
      headersTimeout: 20_000,
    },
    createRequestHandler(deps, newRequestId),
  );
  server.on('clientError', (error, socket) => answerClientError(error, socket, newRequestId()));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    viewerUrl: hasViewer ? `${url}/viewer/` : undefined,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        deps.events.closeAll();
        deps.sleeper.wakeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
