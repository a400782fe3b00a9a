import type { Reporter } from './createReporter';
import { storedRecord } from '../lib/storedRecord';
import { addListeners } from '../lib/addListeners';
import { DEBUG_BUILD } from '../lib/debugBuild';

/** The user's opt-out, remembered in localStorage and shared by the tabs of the origin. */
export interface OptOut {
  _isOn(): boolean;
  /** Opts out (`true`) or in, and remembers it. */
  _set(on: boolean): void;
  /** Stops following other tabs' choices. */
  _stop(): void;
}

/**
 * The opt-out of one project and logstore, under `key`: read at start, written on change, and
 * followed across tabs through the `storage` event. An opt-out in another tab calls `onOptOut`,
 * so that this tab does what its own `optOut()` does (empty its queue, delete what is stored).
 * Where storage is blocked the choice holds for this page only (said in the debug log); without a
 * key (no page: server-side rendering, a worker) it is held in memory, and storage is never read.
 */
export function createOptOut(key: string | false, reporter: Pick<Reporter, '_debug'>, onOptOut: () => void): OptOut {
  // Stored as `1` (the text `'1'`, as the storage event shows it), no key while opted in.
  let on = !!key && storedRecord(key) === 1;
  const stop = addListeners([
    [key ? window : undefined, 'storage', (e) => {
      if ((e as StorageEvent).key !== key) return;
      const was = on;
      on = (e as StorageEvent).newValue === '1';
      if (on && !was) onOptOut();
    }],
  ]);
  return {
    _isOn: () => on,
    _set(value) {
      on = value;
      if (key && !storedRecord(key, value ? 1 : null) && DEBUG_BUILD) reporter._debug('could not remember the opt-out choice: storage full, blocked or missing');
    },
    _stop: stop,
  };
}
