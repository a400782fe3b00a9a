/**
 * The keys in the page's localStorage that start with `prefix` (storedRecord's records of one
 * kind), as a snapshot: the caller may remove them as it goes. None where storage is blocked or
 * missing.
 */
export function storedKeys(prefix: string): string[] {
  const keys: string[] = [];
  try {
    // `key()` is null past the last key.
    for (let i = 0, k: string | null; (k = localStorage.key(i)) != null; i++) if (k.startsWith(prefix)) keys.push(k);
  } catch {
    // blocked or missing: no keys
  }
  return keys;
}
