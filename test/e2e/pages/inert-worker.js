// A module worker for test/e2e/worker.spec.ts: no window, no document. Each entry is imported as
// an app would, and a tracker made and used; the results are posted back.
import { createTracker } from '/dist/sls-webtrack.mjs';
import { createTracker as createCoreTracker } from '/dist/core.mjs';
import { autoCapture } from '/dist/auto.mjs';

onmessage = async ({ data: host }) => {
  const errors = [];
  const options = { host, project: 'demo', logstore: 'web', flushInterval: 0, onError: (e) => errors.push(e) };
  const tracker = createTracker(options);
  const core = createCoreTracker(options);
  const stop = autoCapture(tracker);
  tracker.track({ event: 'from a worker' });
  core.track({ event: 'from a worker, core' });
  await tracker.flush();
  stop();
  postMessage({ full: tracker.stats(), core: core.stats(), errors, stop: typeof stop });
};
