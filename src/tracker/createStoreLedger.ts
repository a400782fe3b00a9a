import type { Ledger } from '../send/DeliveryDeps';
import type { Persistence } from '../queue/createPersistence';
import type { Reporter } from './createReporter';

/** The counters of `stats()` that delivery moves. */
export interface DeliveryCounts {
  sent: number;
  unconfirmed: number;
}

/** Delivery's ledger, kept in the persistent queue (or nowhere, without persistence) and in `stats()`. */
export function createStoreLedger(store: Persistence | undefined, counts: DeliveryCounts, reporter: Pick<Reporter, '_drop'>): Ledger {
  return {
    _accepted(logs) {
      counts.sent += logs.length;
      store?._delete(logs, true);
    },
    _dropped(logs, reason, detail) {
      store?._delete(logs);
      reporter._drop(logs.length, reason, detail);
    },
    _unloading(logs, beacon, at) {
      store?._markSent(logs, at);
      if (beacon) counts.unconfirmed += logs.length;
    },
    _unloadAnswered: (logs) => store?._unmark(logs),
  };
}
