/**
 * The page's localStorage, or undefined where there is none or reading it throws (a sandboxed
 * iframe, storage blocked by the user, Node). Calls on it may still throw (quota, blocked): wrap
 * them where a failure has to be handled.
 */
export function localStore(): Storage | undefined {
  try {
    return typeof localStorage == 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
