import type { Facts } from './facts.ts';
import { fingerprint } from './fingerprint.ts';
import { maskSecret } from './mask-secret.ts';

/** The credential as the user sees it first: where it was sent, what kind of thing it is, masked. */
export interface CredentialSummary {
  /** `authorization`, `x-api-key`, or `?access_token` for a query parameter. */
  header: string;
  /** Scheme as sent, or '' when the header has none. */
  scheme: string;
  /** Plain words: "JWT (HS256)", "Basic (user "alice")", "GitHub fine-grained personal access token". */
  kind: string;
  /** What the credential's shape says is off ("36 characters expected after ghp_, found 35"). */
  notes: string[];
  masked: string;
  fingerprint: string;
  /** The raw value, kept in memory only so the user can reveal it. */
  secret: string;
}

export function summariseCredentials(facts: Facts): CredentialSummary[] {
  return facts.credentials.map((credential) => ({
    header: credential.location.in === 'query' ? `?${credential.location.name}` : credential.location.name,
    scheme: credential.scheme,
    kind:
      credential.value === facts.token
        ? (describeJwt(facts) ?? credential.description)
        : credential.description,
    notes: credential.details.shapeNotes ?? [],
    masked: maskSecret(credential.value),
    fingerprint: fingerprint(credential.value),
    secret: credential.value,
  }));
}

/** "JWT access token (RS256) from https://issuer/": what the decoded claims say the token is for. */
function describeJwt(facts: Facts): string | undefined {
  if (facts.jwt?.kind !== 'jws') return undefined;
  const { header, payload } = facts.jwt;
  const alg = typeof header.alg === 'string' ? header.alg : 'no alg';
  const role =
    payload.token_use === 'id' || payload.nonce !== undefined || payload.at_hash !== undefined
      ? 'ID token'
      : header.typ === 'at+jwt' ||
          payload.scope !== undefined ||
          payload.scp !== undefined ||
          payload.token_use === 'access'
        ? 'access token'
        : '';
  const issuer = typeof payload.iss === 'string' ? ` from ${payload.iss.slice(0, 200)}` : '';
  const signature = facts.jwt.signaturePresent ? alg : 'unsigned, alg none';
  return `JWT${role ? ` ${role}` : ''} (${signature})${issuer}`;
}
