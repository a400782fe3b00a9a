/**
 * Adds event listeners and returns one function that removes them all. Targets that do not exist
 * (no `document` in a worker or in Node) are skipped.
 */
export function addListeners(list: Array<[EventTarget | undefined, string, (e: Event) => unknown]>): () => void {
  const added = list.filter(([target]) => target && typeof target.addEventListener === 'function');
  for (const [target, type, f] of added) target!.addEventListener(type, f, { capture: true });
  return () => {
    for (const [target, type, f] of added) target!.removeEventListener(type, f, { capture: true });
  };
}
