/** Resolves in a later task: lets the page run (input, rendering) between two long steps. */
export const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
