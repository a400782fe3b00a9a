/**
 * Whether this build carries the debug log's text (Sentry's `DEBUG_BUILD` is the model). `true`
 * here, for tests and the debug bundles; rollup.config.mjs replaces this module with `false` for
 * the production bundles, where every `if (DEBUG_BUILD)` branch, and the text in it, is removed.
 */
export const DEBUG_BUILD: boolean = true;
