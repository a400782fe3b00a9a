// A classic worker for test/e2e/worker.spec.ts: the script-tag bundle through importScripts.
importScripts('/dist/sls-webtrack.min.js');

onmessage = ({ data: host }) => {
  const errors = [];
  const tracker = SlsWebTrack.start({ host, project: 'demo', logstore: 'web', flushInterval: 0, onError: (e) => errors.push(e) });
  tracker.track({ event: 'from a classic worker' });
  postMessage({ full: tracker.stats(), errors });
};
