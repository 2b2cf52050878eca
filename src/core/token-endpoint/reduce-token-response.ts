import { fingerprint } from '../fingerprint.ts';
import {
  type IssuedClaims,
  type IssuedToken,
  TOKEN_FIELD_CHARS,
  type TokenResponse,
} from './token-request.ts';

/**
 * A successful token answer reduced where it is read (on the page): each token it issued becomes a
 * fingerprint, with a JWT's whose-and-until-when claims; the tokens themselves go no further. Page
 * safe: no engine import. Undefined when the text is no successful grant's answer.
 */
export function reduceTokenResponse(text: string): TokenResponse | undefined {
  if (text.length > 65_536) return undefined;
  const value = parseAnswer(text);
  if (!value) return undefined;
  // Cognito wraps the tokens in AuthenticationResult; Slack's user tokens sit in authed_user, and
  // some gateways wrap the answer in data.
  const wrapped = [value.AuthenticationResult, value.authed_user, value.data].find(
    (item): item is Record<string, unknown> => isObject(item) && hasToken(lowerKeys(item)),
  );
  const body = !hasToken(lowerKeys(value)) && wrapped ? lowerKeys(wrapped) : lowerKeys(value);
  const access = issued(body.access_token ?? body.accesstoken);
  const refresh = issued(body.refresh_token ?? body.refreshtoken);
  const id = issued(body.id_token ?? body.idtoken);
  if (!access && !id) return undefined;
  const response: TokenResponse = {};
  if (access) response.accessToken = access;
  if (refresh) response.refreshToken = refresh;
  if (id) response.idToken = id;
  const type = body.token_type ?? body.tokentype;
  if (typeof type === 'string' && type.length > 0) response.tokenType = type.slice(0, 64);
  // Firebase sends expiresIn as a string of seconds.
  const expiresIn = Number(body.expires_in ?? body.expiresin);
  if (isSeconds(expiresIn) && expiresIn > 0) response.expiresIn = expiresIn;
  if (typeof body.scope === 'string' && body.scope.length > 0)
    response.scope = body.scope.slice(0, TOKEN_FIELD_CHARS);
  return response;
}

function issued(value: unknown): IssuedToken | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const claims = jwtClaims(value);
  return { fingerprint: fingerprint(value), ...(claims ? { claims } : {}) };
}

/** The payload's identifying claims, when the token is a JWT (decoded, never verified: only read). */
function jwtClaims(token: string): IssuedClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 16_384) return undefined;
  let payload: unknown;
  try {
    // Latin-1 is enough: the claims kept (issuer, audience, client, times) are compared, not shown.
    payload = JSON.parse(atob((parts[1] as string).replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return undefined;
  }
  if (!isObject(payload)) return undefined;
  const claims: IssuedClaims = {};
  const text = (item: unknown) => (typeof item === 'string' ? item.slice(0, TOKEN_FIELD_CHARS) : undefined);
  const iss = text(payload.iss);
  if (iss) claims.iss = iss;
  const sub = text(payload.sub);
  if (sub) claims.sub = sub;
  const aud = Array.isArray(payload.aud)
    ? text(payload.aud.filter((item) => typeof item === 'string').join(' '))
    : text(payload.aud);
  if (aud) claims.aud = aud;
  const client = text(payload.azp ?? payload.client_id ?? payload.appid ?? payload.cid);
  if (client) claims.client = client;
  if (isSeconds(payload.exp)) claims.exp = payload.exp;
  if (isSeconds(payload.iat)) claims.iat = payload.iat;
  return claims;
}

/** JSON, or the form-encoded answer GitHub sends without `Accept: application/json`. */
function parseAnswer(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return isObject(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (!/(?:^|&)(?:access_token|id_token)=/.test(trimmed)) return undefined;
  return Object.fromEntries(new URLSearchParams(trimmed));
}

function hasToken(body: Record<string, unknown>): boolean {
  return typeof (body.access_token ?? body.accesstoken ?? body.id_token ?? body.idtoken) === 'string';
}

/** Seconds the worker accepts (a JWT time in milliseconds, say, is left out rather than refused). */
function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e11;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name.toLowerCase()] = item;
  return out;
}
