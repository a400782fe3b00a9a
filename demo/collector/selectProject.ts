import type { CollectorConfig } from './CollectorConfig.ts';

/**
 * The project a request is for. The service takes it from the host name
 * (`<project>.<endpoint>`); locally `<project>.localhost[:port]` names it, which browsers resolve
 * to loopback without any hosts-file entry. Any other Host means the default project. The result
 * may name no configured project (the caller answers ProjectNotExist).
 */
export function selectProject(host: string | undefined, config: CollectorConfig): string {
  const name = hostName(host);
  if (name.endsWith('.localhost')) return name.slice(0, -'.localhost'.length);
  return config.defaultProject;
}

/** The host part of a Host header, lower-cased, without port. */
export function hostName(host: string | undefined): string {
  const value = (host ?? '').trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}
