import { randomBytes } from 'node:crypto';
import { testKeyPair } from './testKeyPair.ts';

/** Temporary credentials as STS AssumeRole gives them (and the app's token endpoint passes on). */
export interface IssuedCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** ISO 8601 UTC, as STS writes `Expiration`. */
  expiration: string;
}

/** What the collector knows of an AccessKeyId a request names. */
export interface KnownKey {
  secret: string;
  /** The token that goes with it; undefined for the long-term test pair, which needs none. */
  securityToken: string | undefined;
  /** Milliseconds since the epoch on the signing clock; undefined for the long-term pair. */
  expiresAt: number | undefined;
}

export interface StsAuthority {
  /** Issues credentials valid for `ttlSeconds` from now on the signing clock. */
  issue(ttlSeconds: number): IssuedCredentials;
  /** Expires now every issued token, or only `accessKeyId`'s; returns how many it expired. */
  expire(accessKeyId?: string): number;
  lookup(accessKeyId: string): KnownKey | undefined;
  /** The signing clock: the collector's clock shifted by `offsetMs`, for skew and expiry. */
  now(): number;
  readonly offsetMs: number;
  setOffset(offsetMs: number): void;
}

/**
 * The collector's stand-in for STS: it issues temporary credentials under the test key pair and
 * remembers them, so the signed path can tell an issued, live token from an unknown or expired
 * one. Issued keys are kept for the life of the process (a reset does not forget them: a page
 * may hold a token across a test's reset); a shifted clock is undone by `setOffset(0)`.
 */
export function createStsAuthority(clock: () => number): StsAuthority {
  const issued = new Map<string, KnownKey>();
  let offsetMs = 0;
  const now = () => clock() + offsetMs;
  return {
    issue(ttlSeconds) {
      const accessKeyId = `STS.${randomBytes(12).toString('hex')}`;
      const key: KnownKey = {
        secret: randomBytes(24).toString('base64url'),
        securityToken: randomBytes(48).toString('base64'),
        expiresAt: now() + ttlSeconds * 1000,
      };
      issued.set(accessKeyId, key);
      return {
        accessKeyId,
        accessKeySecret: key.secret,
        securityToken: key.securityToken!,
        expiration: new Date(key.expiresAt!).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    },
    expire(accessKeyId) {
      const at = now();
      let count = 0;
      for (const [id, key] of issued) {
        if (accessKeyId !== undefined && id !== accessKeyId) continue;
        if (key.expiresAt! > at) count++;
        key.expiresAt = Math.min(key.expiresAt!, at);
      }
      return count;
    },
    lookup(accessKeyId) {
      if (accessKeyId === testKeyPair.accessKeyId) {
        return { secret: testKeyPair.accessKeySecret, securityToken: undefined, expiresAt: undefined };
      }
      return issued.get(accessKeyId);
    },
    now,
    get offsetMs() {
      return offsetMs;
    },
    setOffset(value) {
      offsetMs = value;
    },
  };
}
