/**
 * Throws the TypeError naming an invalid option (README, "Options"): `why` (the debug build only;
 * callers write `DEBUG_BUILD && 'must be …'`) says what it must be.
 */
export const failOption = (name: string, why: string | false): never => {
  throw new TypeError(`sls-webtrack: option "${name}" ${why || 'is invalid'}`);
};
