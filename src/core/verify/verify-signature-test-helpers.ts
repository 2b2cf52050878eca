/** Test-only: an issuer served from memory, its keys (made fresh by each test file) and a signer. */
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { FetchJson } from './verify-signature.ts';

export const ISSUER = 'https://login.example.test/tenant-1/';
export const DISCOVERY = 'https://login.example.test/tenant-1/.well-known/openid-configuration';
export const JWKS_URI = 'https://keys.example.test/tenant-1/jwks';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

// Live bindings, set by generateKeys: a test file runs `beforeAll(generateKeys)` before using them.
export let rsa: KeyPair;
export let ec: KeyPair;
export let otherRsa: KeyPair;
export let rsaJwk: JWK;
export let ecJwk: JWK;

export async function generateKeys(): Promise<void> {
  [rsa, ec, otherRsa] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('RS256'),
  ]);
  rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', use: 'sig' };
}

export function sign(
  key: CryptoKey,
  header: { alg: string; kid?: string },
  claims: JWTPayload = { iss: ISSUER, sub: 'user-1042', aud: 'https://api.example.test' },
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** The issuer's two documents, served from memory; records every URL asked for. */
export function fakeIssuer(
  keys: unknown[],
  metadata: Record<string, unknown> = { issuer: ISSUER, jwks_uri: JWKS_URI },
): { fetchJson: FetchJson; urls: string[] } {
  const documents = new Map<string, unknown>([
    [DISCOVERY, metadata],
    [JWKS_URI, { keys }],
  ]);
  const urls: string[] = [];
  return {
    urls,
    fetchJson: async (url) => {
      urls.push(url);
      if (!documents.has(url)) throw new Error(`${url} answered HTTP 404 Not Found`);
      return documents.get(url);
    },
  };
}
