import type { Exchange } from '../exchange.ts';
import { readTokenError, STILL_POLLING, type TokenError } from './read-token-error.ts';

/** Which cause a refused token request is: the grant, the client, a login, or the request itself. */
export type TokenFailureKind =
  | 'refresh-failed'
  | 'client-auth-failed'
  | 'login-failed'
  | 'token-request-rejected';

/**
 * What the provider's words say happened to a refresh token: its lifetime or the session's ran
 * out, it was revoked, it was used already (rotation), it belongs to another client.
 */
export type RefreshReason = 'expired' | 'revoked' | 'reused' | 'other-client';

export interface TokenFailure {
  kind: TokenFailureKind;
  error?: TokenError;
  reason?: RefreshReason;
  /** The endpoint itself failed (5xx): the grant may be fine. */
  serverError?: boolean;
}

/** RFC 6749 §5.2 invalid_client and the providers' words for "this client did not authenticate". */
const CLIENT_CODES = new Set([
  'invalid_client',
  'incorrect_client_credentials',
  'deleted_client',
  'unauthorized',
  'invalid_client_id',
  'bad_client_secret',
]);
/** Entra codes about the client's own credentials or registration, whatever `error` they come with. */
const CLIENT_AADSTS = new Set([
  'AADSTS7000215',
  'AADSTS7000222',
  'AADSTS700027',
  'AADSTS700016',
  'AADSTS7000218',
  'AADSTS700025',
  'AADSTS7000112',
  'AADSTS700024',
]);
/** The grant itself was refused: invalid_grant, and what providers say instead. */
const GRANT_CODES = new Set([
  'invalid_grant',
  'bad_refresh_token',
  'invalid_refresh_token',
  'bad_verification_code',
  'expired_token',
  'access_denied',
  'interaction_required',
  'login_required',
  'consent_required',
  'invalid_token',
  'notauthorizedexception',
  'usernotfoundexception',
  'passwordresetrequiredexception',
  'usernotconfirmedexception',
  'token_expired',
  'invalid_code',
  'code_already_used',
  'redirect_uri_mismatch',
  'user_disabled',
  'user_not_found',
  'invalid_password',
  'email_not_found',
  'invalid_login_credentials',
  'invalid_id_token',
  'token_revoked',
  'invalid_auth',
]);

/**
 * Whether a token-endpoint exchange failed, and as what. Undefined for a success, for device-flow
 * polling (`authorization_pending`, `slow_down`), and for a redirect.
 */
export function classifyTokenFailure(
  exchange: Pick<Exchange, 'status' | 'tokenRequest' | 'tokenResponse' | 'responseBody'>,
): TokenFailure | undefined {
  const request = exchange.tokenRequest;
  if (!request) return undefined;
  const { status } = exchange;
  if (status === 0 || (status >= 300 && status < 400) || status < 200) return undefined;
  const error = readTokenError(exchange.responseBody?.text);
  if (error && STILL_POLLING.has(error.code)) return undefined;
  if (status < 300 && (!error || exchange.tokenResponse)) return undefined;
  // A request known by its path alone is a token request only if the answer is shaped like one's.
  if (request.grantType === 'unknown' && !error) return undefined;
  const code = error?.code.toLowerCase() ?? '';
  const words = `${error?.code ?? ''} ${error?.description ?? ''}`;
  if (DEFERRED_CODES.has(code)) return undefined;
  // A body the observer could not read: the grant is told from the answer's words; an
  // invalid_grant that names no code, redirect or password is a refresh's (what SPAs send most).
  const refresh =
    request.grantType === 'refresh_token' ||
    (request.grantType === 'unknown' &&
      (/refresh.?token/i.test(words) ||
        (error?.aadsts !== undefined && REFRESH_AADSTS.has(error.aadsts)) ||
        (code === 'invalid_grant' && !LOGIN_WORDS.test(words))));
  const deviceGrant = request.grantType === 'urn:ietf:params:oauth:grant-type:device_code';
  const withError = <T extends TokenFailure>(failure: T): T => (error ? { ...failure, error } : failure);
  if (status >= 500 && !error)
    return { kind: refresh ? 'refresh-failed' : 'login-failed', serverError: true };
  if (
    CLIENT_CODES.has(code) ||
    (error?.aadsts !== undefined && CLIENT_AADSTS.has(error.aadsts)) ||
    CLIENT_WORDS.test(words) ||
    // RFC 6749 §5.2 keeps 401 for invalid_client; some providers name it otherwise (Auth0's
    // access_denied "Unauthorized"). Outside the device flow, access_denied at 401 is the client.
    (status === 401 && (code === 'access_denied' || !NAMED_CODES.has(code)) && !deviceGrant)
  )
    return withError({ kind: 'client-auth-failed' });
  // invalid_request that names the refresh token as the problem (ZITADEL's
  // Errors.User.RefreshToken.Invalid) is about the grant, not the request.
  const grantNamed = refresh && REFRESH_TOKEN_WORDS.test(words);
  if (GRANT_CODES.has(code) || grantNamed || (status === 400 && refresh && !error)) {
    if (!refresh) return withError({ kind: 'login-failed' });
    const reason = refreshReason(words, error?.aadsts, error?.code);
    return withError({ kind: 'refresh-failed', ...(reason ? { reason } : {}) });
  }
  if (status >= 500)
    return withError({ kind: refresh ? 'refresh-failed' : 'login-failed', serverError: true });
  return withError({ kind: 'token-request-rejected' });
}

/**
 * DPoP's answers at the token endpoint (RFC 9449 §8, §5.2): the protocol asking for a nonce or a
 * better proof, which the DPoP detectors explain; not a refused grant.
 */
export const DEFERRED_CODES = new Set(['use_dpop_nonce', 'invalid_dpop_proof']);
/** Words of a login's grant (code, redirect, PKCE, password), not a refresh's. */
const LOGIN_WORDS = /\bcode\b|redirect|verifier|pkce|password|username|credentials/i;
/** The user must interact (MFA, consent, sign-in): a step-up the step-up detector names better. */
export const INTERACTION_CODES = new Set(['interaction_required', 'login_required', 'consent_required']);

/** Codes that say what was wrong other than the client: a 401 with one of these means it. */
const REQUEST_CODES = new Set([
  'invalid_request',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]);
const NAMED_CODES = new Set([...GRANT_CODES, ...REQUEST_CODES]);

/** A description about the client's credentials, whatever code it came with. */
const CLIENT_WORDS =
  /secret hash|client secret|API key not valid|API_KEY_INVALID|client authentication failed|invalid client\b|client credentials|unknown client|client (?:id|secret) (?:is )?(?:invalid|incorrect|wrong)/i;
/** A description that names the refresh token as invalid, expired or revoked. */
const REFRESH_TOKEN_WORDS = /refresh.?token.{0,40}(?:invalid|expired|revoked|not (?:found|valid|active))/i;

const EXPIRED_AADSTS = new Set([
  'AADSTS700082',
  'AADSTS70008',
  'AADSTS700084',
  'AADSTS70043',
  'AADSTS700081',
]);
const REVOKED_AADSTS = new Set(['AADSTS50173', 'AADSTS50135', 'AADSTS500341']);
/** Entra codes only a refresh token gets. */
const REFRESH_AADSTS = new Set([...EXPIRED_AADSTS, ...REVOKED_AADSTS]);

const REUSED =
  /\breuse|\breused\b|already (?:been )?(?:used|redeemed|exchanged)|\breplay|\brotated\b|stale token/i;
const OTHER_CLIENT =
  /(?:another|different|other) (?:client|application|app|tenant)|client (?:id )?mismatch|token client and authorized client|not issued to|issued to (?:a |the )?(?:different|another|other)/i;
const REVOKED =
  /revoked|revocation|signed out|logged out|password (?:was |has been )?(?:changed|reset)|(?:\b|_)disabled\b|not granted anymore|no longer granted|consent (?:was )?(?:withdrawn|revoked)/i;
const EXPIRED =
  /expire|inactiv|not active|lifetime|max(?:imum)? (?:age|lifetime)|idle|timed? ?out|session (?:has )?ended/i;
/** Two outcomes offered as one ("invalid or expired", "unknown, invalid, or expired"): no reason. */
const EITHER =
  /\b(?:invalid|unknown|incorrect|expired|revoked)\b,? or (?:has been |was |is )?(?:expired|revoked|invalid)\b|session (?:is )?not active/i;
/** RFC 6749 §5.2's stock invalid_grant sentence lists every reason; what follows it may name one. */
const STOCK_SENTENCE = /The provided authorization grant[\s\S]{0,300}?issued to another client\.?/gi;
/**
 * Codes whose words say more than the provider means: Firebase's TOKEN_EXPIRED is documented as
 * "the user's credential is no longer valid" (its refresh tokens do not expire with time).
 */
const UNSAID_CODES = new Set(['TOKEN_EXPIRED']);

export function refreshReason(words: string, aadsts?: string, code?: string): RefreshReason | undefined {
  if (aadsts && EXPIRED_AADSTS.has(aadsts)) return 'expired';
  if (aadsts && REVOKED_AADSTS.has(aadsts)) return 'revoked';
  if (code !== undefined && UNSAID_CODES.has(code)) return undefined;
  const said = words.replace(STOCK_SENTENCE, ' ');
  if (EITHER.test(said)) return undefined;
  const found = (
    [
      ['reused', REUSED],
      ['other-client', OTHER_CLIENT],
      ['revoked', REVOKED],
      ['expired', EXPIRED],
    ] as const
  ).filter(([, pattern]) => pattern.test(said));
  if (found.length === 1) return found[0]?.[0];
  // Reuse under rotation revokes the family and says so ("reuse detected, token revoked").
  if (found.length === 2 && found[0]?.[0] === 'reused') return 'reused';
  return undefined;
}

/**
 * The token endpoint's own statement ranks first (99), except an interaction the user must make
 * (MFA, consent): the step-up detector names that better (94), so this ranks just below it.
 */
export function scoreOf(failure: TokenFailure): number {
  return failure.error && INTERACTION_CODES.has(failure.error.code.toLowerCase()) ? 93 : 99;
}
