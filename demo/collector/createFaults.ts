import type { Fault } from './Fault.ts';

export interface Faults {
  add(fault: Fault): void;
  /**
   * The first queued fault that matches this request, counting one use of it (an entry is
   * removed once used `times` times; `times: -1` never runs out), or undefined.
   */
  take(target: { project: string; logstore: string; values?: () => string[] }): Fault | undefined;
  list(): Fault[];
  clear(): void;
}

/** The fault queue behind /_collector/faults, applied to ingest requests in order. */
export function createFaults(): Faults {
  let queue: Fault[] = [];
  return {
    add(fault) {
      queue.push({ ...fault });
    },
    take({ project, logstore, values }) {
      const index = queue.findIndex(
        (fault) =>
          (fault.logstore === undefined || fault.logstore === logstore) &&
          (fault.project === undefined || fault.project === project) &&
          (fault.logContains === undefined || (values?.() ?? []).some((v) => v.includes(fault.logContains!))),
      );
      const fault = queue[index];
      if (!fault) return undefined;
      if (fault.times > 0) {
        fault.times -= 1;
        if (fault.times === 0) queue.splice(index, 1);
      }
      return { ...fault };
    },
    list() {
      return queue.map((fault) => ({ ...fault }));
    },
    clear() {
      queue = [];
    },
  };
}
