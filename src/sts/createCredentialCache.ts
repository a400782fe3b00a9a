import type { StsCredentials } from '../types';

/** Credentials are asked for again this long before they expire (ms), or at half the life of shorter-lived ones. */
export const REFRESH_BEFORE_MS = 60_000;

export interface CredentialCache {
  /**
   * The credentials to sign with now: the ones held while they are fresh, else one call of the
   * provider, shared by every request that asks meanwhile. Rejects when the provider fails (or
   * gives something without the three strings); the next call asks again.
   */
  _get(): Promise<StsCredentials>;
  /** The service refused `c` (401): the next `_get` asks the provider. A refusal of credentials already replaced changes nothing. */
  _refused(c: StsCredentials): void;
}

/**
 * The credentials of `sls-webtrack/sts`, in memory only. `now` is the service's clock as far as
 * the tracker knows it (expirations are the service's times).
 */
export function createCredentialCache(provider: () => Promise<StsCredentials>, now: () => number): CredentialCache {
  let held: StsCredentials | undefined;
  let asking: Promise<StsCredentials> | undefined;
  let refreshAt = 0;
  const ask = async (): Promise<StsCredentials> => {
    try {
      // Called a microtask later: a provider that throws at once fails like one that rejects, and
      // only once `asking` holds this call.
      const c = await Promise.resolve().then(provider);
      // A provider that resolves to null or a wrong shape fails here (TypeError), like one that rejects.
      if ([c.accessKeyId, c.accessKeySecret, c.securityToken].some((v) => typeof v != 'string')) throw new TypeError();
      const at = now();
      const expires = c.expiration === undefined ? Infinity : new Date(c.expiration).getTime();
      // An unreadable expiration is a provider's bug: refused rather than kept for ever.
      if (expires !== expires) throw new TypeError();
      refreshAt = expires - Math.min(REFRESH_BEFORE_MS, (expires - at) / 2);
      return (held = c);
    } finally {
      asking = undefined;
    }
  };
  return {
    _get: () => (held && now() < refreshAt ? Promise.resolve(held) : (asking ||= ask())),
    _refused(c) {
      if (c === held) held = undefined;
    },
  };
}
