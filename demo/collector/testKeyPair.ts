/**
 * The collector's long-term AccessKey pair: a test fixture, not a secret. It stands for a RAM
 * user's AccessKey on the app's backend: the collector's stand-in for AssumeRole
 * (`GET /_collector/sts/token`) issues temporary credentials under it, and a request signed with
 * it directly (no `x-acs-security-token`) is accepted as a RAM user's would be. Never put a real
 * AccessKey in a page; this one only opens the local collector.
 */
export const testKeyPair = {
  accessKeyId: 'collector-test-key-id',
  accessKeySecret: 'collector-test-key-secret-not-a-secret',
} as const;
