import type { Facts } from './facts.ts';
import { fingerprint } from './fingerprint.ts';
import { maskSecret } from './mask-secret.ts';

/** The credential as the user sees it first: what kind of thing was sent, masked. */
export interface CredentialSummary {
  header: string;
  /** Scheme as sent, or '' when the header has none. */
  scheme: string;
  /** Plain words: "JWT (signed, HS256)", "Basic (user alice)", "opaque token". */
  kind: string;
  masked: string;
  fingerprint: string;
  /** The raw value, kept in memory only so the user can reveal it. */
  secret: string;
}

export function summariseCredentials(facts: Facts): CredentialSummary[] {
  return facts.credentialHeaders.map((header) => {
    const isAuthorization = header.name === facts.authorization?.header;
    const scheme = isAuthorization ? (facts.authorization?.parsed.scheme ?? '') : '';
    const secret = isAuthorization ? (facts.authorization?.parsed.credentials ?? header.value) : header.value;
    return {
      header: header.name,
      scheme,
      kind: isAuthorization ? describeKind(facts, scheme) : 'key or token',
      masked: maskSecret(secret),
      fingerprint: fingerprint(secret),
      secret,
    };
  });
}

function describeKind(facts: Facts, scheme: string): string {
  if (scheme.toLowerCase() === 'basic') {
    const user = basicUser(facts.authorization?.parsed.credentials ?? '');
    return user === undefined ? 'Basic (not valid base64 user:password)' : `Basic (user "${user}")`;
  }
  const jwt = facts.jwt;
  if (jwt?.kind === 'jws') {
    const alg = typeof jwt.header.alg === 'string' ? jwt.header.alg : 'unknown alg';
    return jwt.signaturePresent ? `JWT (signed, ${alg})` : 'JWT (unsigned, alg none)';
  }
  if (jwt?.kind === 'jwe') return 'JWT (encrypted, JWE)';
  if (jwt?.kind === 'invalid') return 'JWT-shaped, does not decode';
  if (scheme.toLowerCase() === 'aws4-hmac-sha256') return 'AWS Signature Version 4';
  return 'opaque token';
}

/** The user name of a Basic credential (RFC 7617); the password is never returned. */
export function basicUser(credentials: string): string | undefined {
  try {
    const decoded = atob(credentials);
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(0, colon);
  } catch {
    return undefined;
  }
}
