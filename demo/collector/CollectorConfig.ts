/**
 * Which projects and logstores exist, as JSON (the `--config <file.json>` format and the
 * `config` option of startCollector):
 *
 *     {
 *       "defaultProject": "demo",
 *       "anonymous": true,
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
 *
 * `anonymous` (default true): whether the anonymous Web Tracking forms (`/track`, `track.gif`,
 * `track_ua.gif`) may write at all; false answers them 401 everywhere, like a service whose
 * logstores all have Web Tracking off, so only signed `POST /logstores/{logstore}` writes
 * (`--signed` on the command line). The signed path is open either way.
 */
export interface CollectorConfigJson {
  defaultProject?: string;
  anonymous?: boolean;
  projects: Record<string, { logstores: Record<string, boolean | { webTracking?: boolean }> }>;
}

/** The checked form: Maps, so a name from a Host header can never hit an Object prototype key. */
export interface CollectorConfig {
  defaultProject: string;
  anonymous: boolean;
  projects: ReadonlyMap<string, ReadonlyMap<string, { webTracking: boolean }>>;
}
