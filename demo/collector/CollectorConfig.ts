/**
 * Which projects and logstores exist, as JSON (the `--config <file.json>` format and the
 * `config` option of startCollector):
 *
 *     {
 *       "defaultProject": "demo",
 *       "projects": {
 *         "demo":  { "logstores": { "web": true, "events": true, "closed": false } },
 *         "other": { "logstores": { "web": { "webTracking": true } } }
 *       }
 *     }
 *
 * A logstore maps to whether Web Tracking is on (`true` / `false`, or `{ "webTracking": bool }`,
 * default on); a logstore with it off answers 401. `defaultProject` (default: the first project)
 * serves requests whose Host is not `<project>.localhost`. Names follow SLS's rules loosely:
 * lowercase letters, digits, `-` and `_`, at most 63 characters, which also keeps them safe as
 * file names under `--data`.
 */
export interface CollectorConfigJson {
  defaultProject?: string;
  projects: Record<string, { logstores: Record<string, boolean | { webTracking?: boolean }> }>;
}

/** The checked form: Maps, so a name from a Host header can never hit an Object prototype key. */
export interface CollectorConfig {
  defaultProject: string;
  projects: ReadonlyMap<string, ReadonlyMap<string, { webTracking: boolean }>>;
}
