/**
 * A tab's id: 8 base-36 digits (about 41 bits), from `crypto.getRandomValues` where there is one.
 * Not from `Math.random` alone: a page that seeds or replaces it would give two tabs one id, and
 * the two would then wait for one Web Lock for ever (createTabPresence) and take each other's
 * stored rows for their own.
 */
export function newTabId(): string {
  const bytes = typeof crypto != 'undefined' && crypto.getRandomValues ? crypto.getRandomValues(new Uint8Array(8)) : undefined;
  let id = '';
  for (let i = 0; i < 8; i++) id += (((bytes ? bytes[i]! : Math.random() * 256) % 36) | 0).toString(36);
  return id;
}
