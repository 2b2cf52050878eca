import type {
  IssuedClaims,
  IssuedToken,
  SentSecret,
  TokenRequest,
  TokenResponse,
} from '../core/token-endpoint/token-request.ts';
import { TOKEN_FIELD_CHARS } from '../core/token-endpoint/token-request.ts';

/**
 * The page relays its reading of a token request and of a grant's answer; a page can forge both,
 * so each is checked for shape and bounded here. A forged one can only mislabel the page's own
 * traffic: it never makes the extension send anything.
 */

const APIS = new Set<TokenRequest['api']>(['oauth', 'cognito', 'firebase']);
const CLIENT_AUTH = new Set<TokenRequest['clientAuth']>(['basic', 'post', 'assertion', 'none']);
const FINGERPRINT = /^[0-9a-f]{16}$/;
const MAX_SECRETS = 16;

export function parseTokenRequest(value: unknown): TokenRequest | undefined {
  if (!isRecord(value)) return undefined;
  const { api, grantType, clientAuth, secrets } = value;
  if (!APIS.has(api as TokenRequest['api']) || !CLIENT_AUTH.has(clientAuth as TokenRequest['clientAuth']))
    return undefined;
  if (!isText(grantType) || !Array.isArray(secrets) || secrets.length > MAX_SECRETS) return undefined;
  const parsedSecrets: SentSecret[] = [];
  for (const secret of secrets) {
    if (!isRecord(secret) || !isText(secret.field)) return undefined;
    if (secret.fingerprint === undefined) {
      parsedSecrets.push({ field: secret.field });
      continue;
    }
    if (!isFingerprint(secret.fingerprint)) return undefined;
    parsedSecrets.push({ field: secret.field, fingerprint: secret.fingerprint });
  }
  const request: TokenRequest = {
    api: api as TokenRequest['api'],
    grantType,
    clientAuth: clientAuth as TokenRequest['clientAuth'],
    secrets: parsedSecrets,
  };
  for (const name of ['flow', 'clientId', 'scope', 'audience', 'redirectUri'] as const) {
    const item = value[name];
    if (item === undefined) continue;
    if (!isText(item)) return undefined;
    request[name] = item;
  }
  return request;
}

export function parseTokenResponse(value: unknown): TokenResponse | undefined {
  if (!isRecord(value)) return undefined;
  const response: TokenResponse = {};
  for (const name of ['accessToken', 'refreshToken', 'idToken'] as const) {
    if (value[name] === undefined) continue;
    const issued = parseIssued(value[name]);
    if (!issued) return undefined;
    response[name] = issued;
  }
  if (!response.accessToken && !response.idToken) return undefined;
  if (value.tokenType !== undefined) {
    if (!isText(value.tokenType)) return undefined;
    response.tokenType = value.tokenType;
  }
  if (value.scope !== undefined) {
    if (!isText(value.scope)) return undefined;
    response.scope = value.scope;
  }
  if (value.expiresIn !== undefined) {
    if (!isSeconds(value.expiresIn)) return undefined;
    response.expiresIn = value.expiresIn;
  }
  return response;
}

function parseIssued(value: unknown): IssuedToken | undefined {
  if (!isRecord(value) || !isFingerprint(value.fingerprint)) return undefined;
  const issued: IssuedToken = { fingerprint: value.fingerprint };
  if (value.claims === undefined) return issued;
  if (!isRecord(value.claims)) return undefined;
  const claims: IssuedClaims = {};
  for (const name of ['iss', 'sub', 'aud', 'client'] as const) {
    const item = value.claims[name];
    if (item === undefined) continue;
    if (!isText(item)) return undefined;
    claims[name] = item;
  }
  for (const name of ['exp', 'iat'] as const) {
    const item = value.claims[name];
    if (item === undefined) continue;
    if (!isSeconds(item)) return undefined;
    claims[name] = item;
  }
  issued.claims = claims;
  return issued;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= TOKEN_FIELD_CHARS;
}

function isFingerprint(value: unknown): value is string {
  return typeof value === 'string' && FINGERPRINT.test(value);
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e11;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
