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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  // Cognito wraps the tokens in AuthenticationResult with its own capitalisation.
  const cognito = value.AuthenticationResult;
  const body = isObject(cognito) ? lowerKeys(cognito) : lowerKeys(value);
  const access = issued(body.access_token ?? body.accesstoken);
  const refresh = issued(body.refresh_token ?? body.refreshtoken);
  const id = issued(body.id_token ?? body.idtoken);
  if (!access && !id) return undefined;
  const response: TokenResponse = {};
  if (access) response.accessToken = access;
  if (refresh) response.refreshToken = refresh;
  if (id) response.idToken = id;
  const type = body.token_type ?? body.tokentype;
  if (typeof type === 'string') response.tokenType = type.slice(0, 64);
  // Firebase sends expiresIn as a string of seconds.
  const expiresIn = Number(body.expires_in ?? body.expiresin);
  if (Number.isFinite(expiresIn) && expiresIn > 0) response.expiresIn = expiresIn;
  if (typeof body.scope === 'string') response.scope = body.scope.slice(0, TOKEN_FIELD_CHARS);
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
    const base64 = (parts[1] as string).replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    payload = JSON.parse(new TextDecoder().decode(bytes));
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
  if (typeof payload.exp === 'number' && Number.isFinite(payload.exp)) claims.exp = payload.exp;
  if (typeof payload.iat === 'number' && Number.isFinite(payload.iat)) claims.iat = payload.iat;
  return claims;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name.toLowerCase()] = item;
  return out;
}
