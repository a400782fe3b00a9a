import type { Reporter } from './createReporter';
import { localStore } from '../lib/localStore';
import { addListeners } from '../lib/addListeners';
import { DEBUG_BUILD } from '../lib/debugBuild';
import { safeString } from '../lib/safeString';

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
 * Where storage is blocked the choice holds for this page only (said in the debug log).
 */
export function createOptOut(key: string, reporter: Pick<Reporter, '_debug'>, onOptOut: () => void): OptOut {
  const store = localStore();
  let on = store?.getItem(key) === '1';
  const stop = addListeners([
    [window, 'storage', (e) => {
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
      try {
        if (value) store?.setItem(key, '1');
        else store?.removeItem(key);
      } catch (e) {
        if (DEBUG_BUILD) reporter._debug(`could not remember the opt-out choice: ${safeString(e)}`);
      }
    },
    _stop: stop,
  };
}
