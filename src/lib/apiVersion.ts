/** The PutWebTracking API version this tracker speaks. */
export const API_VERSION = '0.6.0';
/** Query mode: the version in the URL instead of a header (README, "The wire contract"). */
export const QUERY_MODE = `?APIVersion=${API_VERSION}`;
