/**
 * Listens to `types` on window in the capture phase (so that resource `error` events, which do not
 * bubble, are seen too) and returns a function that removes the listeners.
 */
export function listen(types: string[], f: (e: Event) => void): () => void {
  for (const t of types) addEventListener(t, f, true);
  return () => {
    for (const t of types) removeEventListener(t, f, true);
  };
}
