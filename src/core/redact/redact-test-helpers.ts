import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';

/**
 * Fake credentials for redaction tests: random characters in each vendor's documented shape, made
 * fresh on every run, so no real token is ever pasted and no test passes by matching a constant.
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}-_`;

export function randomChars(length: number, alphabet = ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet.charAt(byte % alphabet.length);
  return out;
}

export const fake = {
  githubPat: () => `ghp_${randomChars(36)}`,
  githubInstallation: () => `ghs_${randomChars(36)}`,
  slackBot: () => `xoxb-${randomChars(12, '0123456789')}-${randomChars(13, '0123456789')}-${randomChars(24)}`,
  stripeSecret: () => `sk_test_${randomChars(24)}`,
  googleApiKey: () => `AIza${randomChars(35, B64URL)}`,
  awsKeyId: (prefix = 'AKIA') => `${prefix}${randomChars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  awsSecretKey: () => `${randomChars(10)}/${randomChars(10)}/${randomChars(18)}`,
  awsSessionToken: () => `IQoJb3JpZ2luX2Vj${randomChars(300, `${ALNUM}+/`)}==`,
  sigV4Signature: () => randomChars(64, '0123456789abcdef'),
  opaque: (length = 40) => randomChars(length, B64URL),
  password: () => `${randomChars(14)}!#`,
};

/** The signature segment of a compact JWS. */
export function signatureOf(jwt: string): string {
  return jwt.slice(jwt.lastIndexOf('.') + 1);
}

/** Fails naming the secret (truncated) that leaked, never printing all of it. */
export function expectAbsent(output: string, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(secret.length, 'a secret under test must be long enough to be meaningful').toBeGreaterThanOrEqual(
      8,
    );
    expect(output.includes(secret), `leaked ${secret.slice(0, 6)}… (${secret.length} chars)`).toBe(false);
  }
}
