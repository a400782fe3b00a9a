/**
 * With a full-origin `host`, the URL is used as-is (PROTOCOL.md, "Endpoint"): the service takes the
 * project from the host name (`<project>.<endpoint>`), so `project` reaches it only when the origin
 * starts with it. A collector or proxy at `http://127.0.0.1:8787` routes by its own rules (the demo
 * collector: its default project). Warns in that case; debug build only.
 */
export function warnProjectNotInHost(host: string, project: string): void {
  const origin = /^https?:\/\/([^/:]+)/i.exec(host);
  if (origin && !origin[1]!.toLowerCase().startsWith(project + '.')) {
    console.warn(`[sls-webtrack] host "${host}" does not start with project "${project}": the project is not in the URL, so the service or collector picks one from its host name (use "http://${project}.localhost:port" for the demo collector)`);
  }
}
