import type { CollectorConfigJson } from './CollectorConfig.ts';

/**
 * Two projects so Host-based selection can be exercised, each with two open logstores and one
 * with Web Tracking off.
 */
export const defaultConfig: CollectorConfigJson = {
  defaultProject: 'demo',
  projects: {
    demo: { logstores: { web: true, events: true, closed: false } },
    other: { logstores: { web: true, events: true, closed: false } },
  },
};
