import type { HeaderEntry } from '../exchange.ts';
import { fingerprint } from '../fingerprint.ts';

export { mightBeTokenRequest } from './token-request-hint.ts';

import { type SentSecret, TOKEN_FIELD_CHARS, type TokenRequest } from './token-request.ts';

/**
 * Reads a token-endpoint request from what the page sent. Runs on the page's thread (the observer
 * imports it), so it imports nothing of the engine and reads at most BODY_CHARS of the body: the
 * secret fields become fingerprints here and their values go no further.
 */

/** Token bodies are small; a larger body is not read (and is no grant anyone sends). */
export const TOKEN_BODY_CHARS = 32_768;

/**
 * Paths of token endpoints, for a body the observer could not read: RFC 6749 `/token` and the
 * provider spellings (`/oauth2/v2.0/token`, `/protocol/openid-connect/token`, `/connect/token`,
 * GitHub's `/login/oauth/access_token`, Salesforce's `/services/oauth2/token`).
 */
const TOKEN_PATH = /\/(?:token|access_token)\/?$/i;

/** Fields whose values are secrets: fingerprinted, never kept. Lower-cased names. */
const SECRET_FIELDS =
  /^(?:refresh_?token|code|password|client_?secret|client_assertion|assertion|subject_token|actor_token|code_verifier|device_code|otp|mfa_token|mfa_code|binding_code|oob_code|secret_hash|srp_a|device_key|id_?token|token)$/;

/** Secrets a person chooses or reads off a screen: recorded as sent, never fingerprinted. */
const GUESSABLE_FIELDS = /^(?:password|otp|mfa_code|binding_code)$/;

const COGNITO_TARGET =
  /^AWSCognitoIdentityProviderService\.(InitiateAuth|AdminInitiateAuth|GetTokensFromRefreshToken)$/;

/**
 * Cognito's flows in RFC 6749's terms, so a rejected REFRESH_TOKEN_AUTH reads as a failed refresh:
 * REFRESH_TOKEN(_AUTH); USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH,
 * USER_SRP_AUTH and USER_AUTH sign in with a password; anything else is custom.
 */
function cognitoGrant(flow: string): string {
  if (/^REFRESH_TOKEN(?:_AUTH)?$/.test(flow)) return 'refresh_token';
  return /^(?:USER_PASSWORD_AUTH|ADMIN_USER_PASSWORD_AUTH|ADMIN_NO_SRP_AUTH|USER_SRP_AUTH|USER_AUTH)$/.test(
    flow,
  )
    ? 'password'
    : 'custom';
}

/** Firebase Auth's REST endpoints that issue tokens, by host and path. */
function firebaseGrant(host: string, path: string): string | undefined {
  if (host === 'securetoken.googleapis.com' && /^\/v1\/token\/?$/.test(path)) return 'refresh_token';
  if (host !== 'identitytoolkit.googleapis.com') return undefined;
  // accounts:signInWithPassword → password, …CustomToken → custom_token, …Idp, …EmailLink.
  const method = /^\/v1\/accounts:signInWith(Password|CustomToken|Idp|EmailLink)$/.exec(path)?.[1];
  return method?.replace(/\B[A-Z]/g, (letter) => `_${letter}`).toLowerCase();
}

/**
 * The token request in the body (and query) the page sent, or undefined. `secretValues`, when
 * given, receives each raw secret value sent, so the caller can take them out of the answer (a
 * server that echoes "Invalid refresh token: <value>") before relaying it, and then drop them.
 */
export function readTokenRequest(
  method: string,
  url: string,
  headers: readonly HeaderEntry[],
  body: string | undefined,
  secretValues?: string[],
): TokenRequest | undefined {
  if (method !== 'POST') return undefined;
  const text = body !== undefined && body.length <= TOKEN_BODY_CHARS ? body : undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const header = (name: string) => headers.find((entry) => entry.name === name)?.value;
  const client = basicClient(header('authorization'));
  const raw: string[] = [];
  const request = recognise(parsed, header, text, client !== undefined, raw);
  if (!request) return undefined;
  if (client) {
    // client_secret_basic: the client's secret is a secret like the body's.
    if (request.clientId === undefined && client.id) request.clientId = bounded(client.id);
    if (client.secret) {
      request.secrets.push({ field: 'client_secret', fingerprint: fingerprint(client.secret) });
      raw.push(client.secret, client.encoded);
    }
  }
  request.secrets = request.secrets.slice(0, MAX_SECRETS);
  secretValues?.push(...raw);
  return request;
}

/** Secrets listed per request, at most (the worker refuses more). */
const MAX_SECRETS = 16;

function recognise(
  parsed: URL,
  header: (name: string) => string | undefined,
  text: string | undefined,
  basic: boolean,
  raw: string[],
): TokenRequest | undefined {
  const target = COGNITO_TARGET.exec(header('x-amz-target') ?? '');
  if (target && /^cognito-idp\.[\w-]+\.amazonaws\.com$/.test(parsed.hostname))
    return cognitoRequest(target[1] as string, text, basic, raw);

  const firebase = firebaseGrant(parsed.hostname, parsed.pathname);
  if (firebase) return fieldsRequest('firebase', firebase, text ? readFields(text) : undefined, basic, raw);

  const fields = withQuery(text === undefined ? undefined : readFields(text), parsed);
  const grant = fields?.get('grant_type');
  if (typeof grant === 'string' && grant.length > 0) return fieldsRequest('oauth', grant, fields, basic, raw);
  // GitHub's and Slack's token endpoints take a code (or refresh token) from an identified client
  // (client_id, or Basic) without grant_type: the grant is implied by which secret is sent.
  const identified = basic || typeof fields?.get('client_id') === 'string';
  const implied = fields && identified ? impliedGrant(fields) : undefined;
  if (implied) return fieldsRequest('oauth', implied, fields, basic, raw);
  // A body the observer could not read, to a path that is a token endpoint's.
  if (text === undefined && TOKEN_PATH.test(parsed.pathname))
    return { api: 'oauth', grantType: 'unknown', clientAuth: basic ? 'basic' : 'none', secrets: [] };
  return undefined;
}

/**
 * The query's parameters join the body's (the body wins): Supabase sends `grant_type` in the
 * query, and legacy endpoints take every parameter there.
 */
function withQuery(fields: Map<string, unknown> | undefined, url: URL): Map<string, unknown> | undefined {
  if (url.search.length <= 1) return fields;
  const merged = new Map(fields ?? []);
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (!merged.has(key)) merged.set(key, value);
  }
  return merged;
}

/** `Authorization: Basic base64(client_id:client_secret)`, decoded (RFC 6749 §2.3.1). */
function basicClient(value: string | undefined): { id: string; secret: string; encoded: string } | undefined {
  const encoded = /^\s*basic\s+([A-Za-z0-9+/=._~-]{1,4096})\s*$/i.exec(value ?? '')?.[1];
  if (encoded === undefined) return undefined;
  let pair: string;
  try {
    pair = atob(encoded);
  } catch {
    return { id: '', secret: '', encoded };
  }
  // RFC 6749 §2.3.1 form-encodes both parts first; client ids and secrets rarely need it, and the
  // secret is fingerprinted as sent either way.
  const colon = pair.indexOf(':');
  if (colon === -1) return { id: pair, secret: '', encoded };
  return { id: pair.slice(0, colon), secret: pair.slice(colon + 1), encoded };
}

function impliedGrant(fields: Map<string, unknown>): string | undefined {
  if (typeof fields.get('refresh_token') === 'string') return 'refresh_token';
  if (typeof fields.get('code') === 'string') return 'authorization_code';
  return undefined;
}

/** The body's fields, lower-cased names: a form, or a JSON object's top-level members. */
function readFields(text: string): Map<string, unknown> | undefined {
  const trimmed = text.trimStart();
  const fields = new Map<string, unknown>();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    for (const [name, item] of Object.entries(value)) fields.set(name.toLowerCase(), item);
    return fields;
  }
  if (!text.includes('=')) return undefined;
  for (const [name, item] of new URLSearchParams(text)) fields.set(name.toLowerCase(), item);
  return fields;
}

function fieldsRequest(
  api: TokenRequest['api'],
  grantType: string,
  fields: Map<string, unknown> | undefined,
  basic: boolean,
  raw: string[],
): TokenRequest {
  const request: TokenRequest = {
    api,
    grantType: bounded(grantType),
    clientAuth: basic ? 'basic' : 'none',
    secrets: [],
  };
  if (!fields) return request;
  const text = (name: string) => {
    const value = fields.get(name);
    return typeof value === 'string' && value.length > 0 ? bounded(value) : undefined;
  };
  const clientId = text('client_id') ?? text('clientid');
  if (clientId) request.clientId = clientId;
  const scope = text('scope');
  if (scope) request.scope = scope;
  const audience = text('audience') ?? text('resource');
  if (audience) request.audience = audience;
  const redirectUri = text('redirect_uri');
  if (redirectUri) request.redirectUri = redirectUri;
  request.secrets = secretsOf(fields, raw);
  if (!basic) {
    if (fields.has('client_assertion')) request.clientAuth = 'assertion';
    else if (fields.has('client_secret') || fields.has('clientsecret')) request.clientAuth = 'post';
  }
  return request;
}

function cognitoRequest(
  operation: string,
  text: string | undefined,
  basic: boolean,
  raw: string[],
): TokenRequest {
  const fields = text === undefined ? undefined : readFields(text);
  const flow =
    operation === 'GetTokensFromRefreshToken'
      ? 'REFRESH_TOKEN'
      : typeof fields?.get('authflow') === 'string'
        ? (fields.get('authflow') as string)
        : undefined;
  const request: TokenRequest = {
    api: 'cognito',
    grantType: flow ? cognitoGrant(flow) : 'unknown',
    clientAuth: basic ? 'basic' : 'none',
    secrets: [],
  };
  if (flow) request.flow = bounded(flow);
  if (!fields) return request;
  const clientId = fields.get('clientid');
  if (typeof clientId === 'string' && clientId) request.clientId = bounded(clientId);
  // AuthParameters hold the secrets (REFRESH_TOKEN, PASSWORD, SECRET_HASH); top-level ones too.
  const parameters = fields.get('authparameters');
  const nested = new Map<string, unknown>();
  if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters))
    for (const [name, value] of Object.entries(parameters)) nested.set(name.toLowerCase(), value);
  request.secrets = [...secretsOf(fields, raw), ...secretsOf(nested, raw)];
  if (!basic && (nested.has('secret_hash') || fields.has('clientsecret'))) request.clientAuth = 'post';
  return request;
}

/** The secret fields as listed, and each raw value into `raw` (for the caller's redaction). */
function secretsOf(fields: Map<string, unknown>, raw: string[]): SentSecret[] {
  const secrets: SentSecret[] = [];
  for (const [name, value] of fields) {
    if (!SECRET_FIELDS.test(name) || typeof value !== 'string' || value.length === 0) continue;
    raw.push(value);
    secrets.push(
      GUESSABLE_FIELDS.test(name)
        ? { field: bounded(name) }
        : { field: bounded(name), fingerprint: fingerprint(value) },
    );
  }
  return secrets;
}

function bounded(value: string): string {
  return value.length > TOKEN_FIELD_CHARS ? value.slice(0, TOKEN_FIELD_CHARS) : value;
}
