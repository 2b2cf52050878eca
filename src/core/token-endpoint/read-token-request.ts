import type { HeaderEntry } from '../exchange.ts';
import { fingerprint } from '../fingerprint.ts';
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
const SECRET_FIELDS = new Set([
  'refresh_token',
  'refreshtoken',
  'code',
  'password',
  'client_secret',
  'clientsecret',
  'client_assertion',
  'assertion',
  'subject_token',
  'actor_token',
  'code_verifier',
  'device_code',
  'otp',
  'mfa_token',
  'mfa_code',
  'binding_code',
  'oob_code',
  'secret_hash',
  'srp_a',
  'device_key',
  'id_token',
  'idtoken',
  'token',
]);

/** Secrets a person chooses or reads off a screen: recorded as sent, never fingerprinted. */
const GUESSABLE_FIELDS = new Set(['password', 'otp', 'mfa_code', 'binding_code']);

const COGNITO_TARGET =
  /^AWSCognitoIdentityProviderService\.(InitiateAuth|AdminInitiateAuth|GetTokensFromRefreshToken)$/;

/** Cognito's flows in RFC 6749's terms, so a rejected REFRESH_TOKEN_AUTH reads as a failed refresh. */
const COGNITO_GRANTS: Record<string, string> = {
  REFRESH_TOKEN_AUTH: 'refresh_token',
  REFRESH_TOKEN: 'refresh_token',
  USER_PASSWORD_AUTH: 'password',
  ADMIN_USER_PASSWORD_AUTH: 'password',
  ADMIN_NO_SRP_AUTH: 'password',
  USER_SRP_AUTH: 'password',
  USER_AUTH: 'password',
  CUSTOM_AUTH: 'custom',
};

/** Firebase Auth's REST endpoints that issue tokens, by host and path. */
function firebaseGrant(host: string, path: string): string | undefined {
  if (host === 'securetoken.googleapis.com' && /^\/v1\/token\/?$/.test(path)) return 'refresh_token';
  if (host !== 'identitytoolkit.googleapis.com') return undefined;
  const method = /^\/v1\/accounts:(\w+)$/.exec(path)?.[1];
  if (method === 'signInWithPassword') return 'password';
  if (method === 'signInWithCustomToken') return 'custom_token';
  if (method === 'signInWithIdp') return 'idp';
  if (method === 'signInWithEmailLink') return 'email_link';
  return undefined;
}

/** Words every token request's body has one of (form or JSON, Cognito's too). */
const BODY_HINTS = ['grant_type', 'client_id', 'refresh_token', 'AuthFlow', 'RefreshToken', 'code='];
const URL_HINT = /\/(?:token|access_token)\/?(?:[?#]|$)|googleapis\.com\/v1\/(?:token|accounts:)/i;

/**
 * A cheap first look, for the page's thread: most POSTs (GraphQL, forms, beacons) are no token
 * request, and are let go before a URL is parsed or a header list built.
 */
export function mightBeTokenRequest(url: string, body: string | undefined): boolean {
  if (body !== undefined) for (const hint of BODY_HINTS) if (body.includes(hint)) return true;
  return URL_HINT.test(url);
}

export function readTokenRequest(
  method: string,
  url: string,
  headers: readonly HeaderEntry[],
  body: string | undefined,
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
  const basic = /^\s*basic\s/i.test(header('authorization') ?? '');

  const target = COGNITO_TARGET.exec(header('x-amz-target') ?? '');
  if (target && /^cognito-idp\.[\w-]+\.amazonaws\.com$/.test(parsed.hostname))
    return cognitoRequest(target[1] as string, text, basic);

  const firebase = firebaseGrant(parsed.hostname, parsed.pathname);
  if (firebase) return fieldsRequest('firebase', firebase, text ? readFields(text) : undefined, basic);

  const fields = text === undefined ? undefined : readFields(text);
  const grant = fields?.get('grant_type');
  if (typeof grant === 'string' && grant.length > 0) return fieldsRequest('oauth', grant, fields, basic);
  // GitHub's and Slack's token endpoints take a code (or refresh token) from an identified client
  // (client_id, or Basic) without grant_type: the grant is implied by which secret is sent.
  const client = basic || typeof fields?.get('client_id') === 'string';
  const implied = fields && client ? impliedGrant(fields) : undefined;
  if (implied) return fieldsRequest('oauth', implied, fields, basic);
  // A body the observer could not read, to a path that is a token endpoint's.
  if (fields === undefined && TOKEN_PATH.test(parsed.pathname))
    return { api: 'oauth', grantType: 'unknown', clientAuth: basic ? 'basic' : 'none', secrets: [] };
  return undefined;
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
  request.secrets = secretsOf(fields);
  if (!basic) {
    if (fields.has('client_assertion')) request.clientAuth = 'assertion';
    else if (fields.has('client_secret') || fields.has('clientsecret')) request.clientAuth = 'post';
  }
  return request;
}

function cognitoRequest(operation: string, text: string | undefined, basic: boolean): TokenRequest {
  const fields = text === undefined ? undefined : readFields(text);
  const flow =
    operation === 'GetTokensFromRefreshToken'
      ? 'REFRESH_TOKEN'
      : typeof fields?.get('authflow') === 'string'
        ? (fields.get('authflow') as string)
        : undefined;
  const request: TokenRequest = {
    api: 'cognito',
    grantType: (flow && COGNITO_GRANTS[flow]) ?? (flow ? 'custom' : 'unknown'),
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
  request.secrets = [...secretsOf(fields), ...secretsOf(nested)];
  if (!basic && (nested.has('secret_hash') || fields.has('clientsecret'))) request.clientAuth = 'post';
  return request;
}

function secretsOf(fields: Map<string, unknown>): SentSecret[] {
  const secrets: SentSecret[] = [];
  for (const [name, value] of fields) {
    if (!SECRET_FIELDS.has(name) || typeof value !== 'string' || value.length === 0) continue;
    secrets.push(
      GUESSABLE_FIELDS.has(name)
        ? { field: bounded(name) }
        : { field: bounded(name), fingerprint: fingerprint(value) },
    );
  }
  return secrets;
}

function bounded(value: string): string {
  return value.length > TOKEN_FIELD_CHARS ? value.slice(0, TOKEN_FIELD_CHARS) : value;
}
