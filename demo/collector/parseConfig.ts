import type { CollectorConfig } from './CollectorConfig.ts';

const namePattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Checks a config in the JSON format documented in CollectorConfig.ts. Throws an Error naming
 * the first problem, since a bad config is a startup mistake to fix, not a request to answer.
 */
export function parseConfig(json: unknown): CollectorConfig {
  if (!isObject(json) || !isObject(json['projects'])) {
    throw new Error('config: expected {"projects": {"<name>": {"logstores": {...}}}}');
  }
  const projects = new Map<string, Map<string, { webTracking: boolean }>>();
  for (const [project, settings] of Object.entries(json['projects'])) {
    if (!namePattern.test(project)) {
      throw new Error(`config: bad project name ${JSON.stringify(project)}`);
    }
    if (!isObject(settings) || !isObject(settings['logstores'])) {
      throw new Error(`config: project ${project} needs {"logstores": {...}}`);
    }
    const logstores = new Map<string, { webTracking: boolean }>();
    for (const [logstore, value] of Object.entries(settings['logstores'])) {
      if (!namePattern.test(logstore)) {
        throw new Error(`config: bad logstore name ${JSON.stringify(logstore)} in ${project}`);
      }
      const webTracking = isObject(value) ? (value['webTracking'] ?? true) : value;
      if (typeof webTracking !== 'boolean') {
        throw new Error(
          `config: logstore ${project}/${logstore} must be true, false or {"webTracking": bool}`,
        );
      }
      logstores.set(logstore, { webTracking });
    }
    projects.set(project, logstores);
  }
  const first = projects.keys().next();
  if (first.done) throw new Error('config: no projects');
  const defaultProject = json['defaultProject'] ?? first.value;
  if (typeof defaultProject !== 'string' || !projects.has(defaultProject)) {
    throw new Error(`config: defaultProject ${JSON.stringify(defaultProject)} is not a project`);
  }
  const anonymous = json['anonymous'] ?? true;
  if (typeof anonymous !== 'boolean') throw new Error('config: anonymous must be true or false');
  return { defaultProject, anonymous, projects };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
