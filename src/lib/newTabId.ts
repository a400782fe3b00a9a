/**
 * A tab's id: 8 base-36 digits (about 41 bits) from `crypto.getRandomValues` (every browser;
 * createIdentity relies on it too). Not from `Math.random`: a page that seeds or replaces it would
 * give two tabs one id, and the two would then wait for one Web Lock for ever (createTabPresence)
 * and take each other's stored rows for their own.
 */
export const newTabId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => (b % 36).toString(36)).join('');
