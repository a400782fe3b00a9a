export interface Sleeper {
  sleep(ms: number): Promise<void>;
  /** Ends every pending sleep now, so close() is not held up by an injected delay. */
  wakeAll(): void;
}

/** Timers for injected delays that the collector can cut short when it closes. */
export function createSleeper(): Sleeper {
  const pending = new Map<ReturnType<typeof setTimeout>, () => void>();
  return {
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      });
    },
    wakeAll() {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}
