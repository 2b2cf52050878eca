import type { HeaderEntry } from '../exchange.ts';
import type { WwwAuthenticate } from './parse-www-authenticate.ts';

/**
 * What a server said about a rejected credential, normalised across vendors: one entry per
 * statement found in the challenge, an error header or the body. Detectors read `kind` and
 * `details`; `message` is quoted to the user as evidence.
 */
export type SignalKind =
  /** The server says no credential was sent (RFC 6750 §3.1 bare challenge, "Authentication required"). */
  | 'missing-credential'
  /**
   * The server says the caller is not authenticated without saying whether a credential came
   * ("Unauthenticated.", GraphQL UNAUTHENTICATED): missing when none was sent, refused when one was.
   */
  | 'unauthenticated'
  /** The header or token could not be parsed ("jwt malformed", "Bearer token is malformed", invalid_request). */
  | 'malformed-credential'
  /** A credential of the wrong kind or scheme ("DPoP proof requires the DPoP authentication scheme, not Bearer"). */
  | 'wrong-scheme'
  | 'expired'
  | 'not-yet-valid'
  /** The server states a clock mismatch (AWS "Signature expired"/"not yet current", RequestTimeTooSkewed). */
  | 'clock-skew'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'signature-invalid'
  | 'revoked'
  | 'insufficient-scope'
  /** RFC 9470 insufficient_user_authentication. */
  | 'step-up'
  /** RFC 9449 use_dpop_nonce. */
  | 'dpop-nonce'
  /** RFC 9449 invalid_dpop_proof, or a DPoP proof check failure (htu/htm/iat/jti). */
  | 'dpop-proof'
  | 'csrf'
  /** AWS: UnrecognizedClientException, InvalidClientTokenId, InvalidAccessKeyId, S3 InvalidToken. */
  | 'aws-invalid-credentials'
  /** AWS: ExpiredToken, ExpiredTokenException, "The security token included in the request is expired". */
  | 'aws-expired-credentials'
  /** AWS: SignatureDoesNotMatch, IncompleteSignature, MissingAuthenticationToken. */
  | 'aws-signature'
  /** The server rejected the token with no more specific reason (invalid_token, "Bad credentials", invalid_auth). */
  | 'invalid';

export interface SignalDetails {
  /** Audience / issuer the server expected, when it says so ("jwt audience invalid. expected: api://x"). */
  expected?: string;
  /** The value it found in the token, when it says so. */
  actual?: string;
  /** Scopes the server requires (RFC 6750 scope=, Slack "needed", Google insufficient scopes). */
  requiredScopes?: string[];
  /** Scopes the server says the token has (Slack "provided"). */
  grantedScopes?: string[];
  /** For clock statements: the time the request was signed/sent and the server's time, ms since the epoch. */
  requestTime?: number;
  serverTime?: number;
  /** Allowed skew stated by the server (AWS "- 5 min." / "+ 15 min."), ms. */
  allowedSkewMs?: number;
  /** RFC 9449 DPoP-Nonce response header value. */
  nonce?: string;
  /** RFC 9470 acr_values / max_age. */
  acrValues?: string;
  maxAge?: string;
  /** RFC 6750 error_uri or vendor documentation link. */
  uri?: string;
}

export interface ServerSignal {
  /** Who said it: 'rfc6750', 'rfc9449', 'rfc9470', 'aws', 'microsoft', 'node-jsonwebtoken', 'jose', 'spring', 'okta', 'google', 'firebase', 'cognito', 'github', 'discord', 'slack', 'stripe', 'esri', 'kubernetes', 'django', 'laravel', 'rails', 'generic'. */
  family: string;
  kind: SignalKind;
  /** The vendor's stable code when there is one: 'invalid_token', 'IDX10223', 'ExpiredToken', 'AADSTS700082', 'invalid_auth', 'E0000011', '498'. */
  code?: string;
  /** The server's words, quoted (at most 300 characters). */
  message: string;
  where: 'response-header' | 'response-body';
  details?: SignalDetails;
}

export interface SignalInput {
  status: number;
  /** Response headers, names lower-cased. */
  headers: readonly HeaderEntry[];
  /** The response body as the page received it, when known (may be truncated). */
  body?: string;
  challenge: WwwAuthenticate;
}
