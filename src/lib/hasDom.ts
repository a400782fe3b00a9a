/**
 * Whether this is a page: `window` and `document` both exist. Not so in Node (server-side
 * rendering of a Next.js or Nuxt page), a web worker or Deno, where the entries hand out an inert
 * tracker instead (README, "Server-side rendering and workers"). `typeof` only: reading either name
 * where it is not declared throws.
 */
export const hasDom = (): boolean => typeof window != 'undefined' && typeof document != 'undefined';
