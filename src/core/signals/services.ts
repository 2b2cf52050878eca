/**
 * Services with their own error shapes: GitHub, Discord, Slack, Stripe, Esri ArcGIS, the Kubernetes
 * API server and Django REST framework. Each is recognised by its exact shape and words; Slack and
 * Esri are read whatever the status, since they report auth errors inside a 200.
 */
import { headerValue } from '../exchange.ts';
import { signal, splitScopes } from './generic.ts';
import { type BodyView, get, isRecord, readBody, str } from './generic-body.ts';
import type { ServerSignal, SignalInput, SignalKind } from './server-signal.ts';

const GITHUB: readonly [RegExp, SignalKind][] = [
  [/^Bad credentials$/, 'invalid'],
  [
    /^(?:Requires authentication|Must authenticate to access this API\.|This endpoint requires you to be authenticated\.)$/,
    'missing-credential',
  ],
  // Fine-grained tokens and GitHub Apps lacking a permission.
  [/^Resource not accessible by (?:integration|personal access token)$/, 'insufficient-scope'],
];

/** https://docs.github.com/rest/overview/troubleshooting-the-rest-api; scopes from X-OAuth-Scopes headers. */
function readGithub(input: SignalInput, body: BodyView): ServerSignal[] {
  const message = str(get(body.json, 'message'));
  const kind = message ? GITHUB.find(([pattern]) => pattern.test(message))?.[1] : undefined;
  if (!message || !kind) return [];
  const details =
    kind === 'insufficient-scope'
      ? {
          requiredScopes: splitScopes(headerValue(input.headers, 'x-accepted-oauth-scopes')),
          grantedScopes: splitScopes(headerValue(input.headers, 'x-oauth-scopes')),
        }
      : undefined;
  const uri = str(get(body.json, 'documentation_url'));
  return [signal({ family: 'github', kind, message, where: 'response-body', details: { ...details, uri } })];
}

/** https://discord.com/developers/docs/topics/opcodes-and-status-codes#json: {"message": "401: Unauthorized", "code": 0}. */
function readDiscord(body: BodyView): ServerSignal[] {
  const message = str(get(body.json, 'message'));
  const code = str(get(body.json, 'code'));
  const known =
    (code === '0' && message === '401: Unauthorized') ||
    (code === '40001' && message?.startsWith('Unauthorized')) ||
    (code === '50014' && message === 'Invalid authentication token provided');
  if (!known || !message) return [];
  return [signal({ family: 'discord', kind: 'invalid', code, message, where: 'response-body' })];
}

// https://api.slack.com/web#evaluating_responses and each method's error list.
const SLACK = new Map<string, SignalKind>([
  ['not_authed', 'missing-credential'],
  ['invalid_auth', 'invalid'],
  ['token_revoked', 'revoked'],
  ['account_inactive', 'revoked'],
  ['token_expired', 'expired'],
  ['missing_scope', 'insufficient-scope'],
  ['not_allowed_token_type', 'wrong-scheme'], // e.g. a bot token on a user-token-only method
]);

function readSlack(input: SignalInput, body: BodyView): ServerSignal[] {
  const error = str(get(body.json, 'error'));
  const kind = error === undefined ? undefined : SLACK.get(error);
  if (get(body.json, 'ok') !== false || !error || !kind) return [];
  // {"ok":false,"error":"missing_scope","needed":"chat:write:bot","provided":"identify,bot"}; the
  // X-OAuth-Scopes / X-Accepted-OAuth-Scopes headers say the same when the body does not.
  const details =
    kind === 'insufficient-scope'
      ? {
          requiredScopes: splitScopes(
            str(get(body.json, 'needed')) ?? headerValue(input.headers, 'x-accepted-oauth-scopes'),
          ),
          grantedScopes: splitScopes(
            str(get(body.json, 'provided')) ?? headerValue(input.headers, 'x-oauth-scopes'),
          ),
        }
      : undefined;
  return [signal({ family: 'slack', kind, code: error, message: error, where: 'response-body', details })];
}

// https://docs.stripe.com/error-codes and https://docs.stripe.com/keys; bodies are
// {"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_****Aso0"}}.
const STRIPE: readonly [RegExp, SignalKind][] = [
  [/^Invalid API Key provided/, 'invalid'],
  [/^Expired API Key provided/, 'expired'],
  [/^You did not provide an API key/, 'missing-credential'],
  [/cannot be made with a publishable API key/, 'wrong-scheme'],
  [/does not have the required permissions/, 'insufficient-scope'], // restricted keys (rk_)
];

function readStripe(body: BodyView): ServerSignal[] {
  const error = get(body.json, 'error');
  const message = str(get(error, 'message'));
  if (!isRecord(error) || !str(get(error, 'type')) || !message) return [];
  const code = str(get(error, 'code'));
  const kind =
    code === 'api_key_expired' ? 'expired' : STRIPE.find(([pattern]) => pattern.test(message))?.[1];
  if (!kind) return [];
  const uri = str(get(error, 'doc_url'));
  return [signal({ family: 'stripe', kind, code, message, where: 'response-body', details: { uri } })];
}

/**
 * ArcGIS REST: {"error":{"code":498,"message":"Invalid Token","details":[]}} and 499 "Token Required",
 * often inside an HTTP 200 (https://developers.arcgis.com/rest/services-reference/enterprise/error-codes/).
 */
function readEsri(body: BodyView): ServerSignal[] {
  const error = get(body.json, 'error');
  const code = str(get(error, 'code'));
  if (code !== '498' && code !== '499') return [];
  const kind: SignalKind = code === '498' ? 'invalid' : 'missing-credential';
  const message = str(get(error, 'message')) ?? code;
  return [signal({ family: 'esri', kind, code, message, where: 'response-body' })];
}

/**
 * Kubernetes API server Status objects: {"kind":"Status","status":"Failure","message":"Unauthorized",
 * "reason":"Unauthorized","code":401}; a 403 names the user it authenticated the request as.
 */
function readKubernetes(body: BodyView): ServerSignal[] {
  const json = body.json;
  if (get(json, 'kind') !== 'Status' || get(json, 'status') !== 'Failure') return [];
  const reason = str(get(json, 'reason'));
  const message = str(get(json, 'message')) ?? reason ?? '';
  if (reason === 'Unauthorized')
    return [signal({ family: 'kubernetes', kind: 'invalid', code: reason, message, where: 'response-body' })];
  if (reason !== 'Forbidden') return [];
  // 'pods is forbidden: User "system:anonymous" cannot list resource "pods" ...': only a statement
  // about a user's rights is about the credential; anonymous means none was accepted at all.
  const user = /forbidden: User "([^"]{1,200})" cannot/.exec(message)?.[1];
  if (!user) return [];
  const kind: SignalKind = user === 'system:anonymous' ? 'missing-credential' : 'insufficient-scope';
  return [signal({ family: 'kubernetes', kind, code: reason, message, where: 'response-body' })];
}

// encode/django-rest-framework rest_framework/authentication.py and exceptions.py;
// jazzband/djangorestframework-simplejwt rest_framework_simplejwt/authentication.py and tokens.py.
const DRF: readonly [RegExp, SignalKind][] = [
  [/^Authentication credentials were not provided\.$/, 'missing-credential'],
  [
    /^Invalid (?:token|basic) header\.|^Authorization header must contain two space-delimited values$/,
    'malformed-credential',
  ],
  [
    /^(?:Invalid token\.|Incorrect authentication credentials\.|Token is invalid(?: or expired)?)$/,
    'invalid',
  ],
  [/^(?:Token is expired|Signature has expired\.)$/, 'expired'],
  [/^User inactive or deleted\.$/, 'revoked'],
];

function drfKind(text: string): SignalKind | undefined {
  return DRF.find(([pattern]) => pattern.test(text))?.[1];
}

function readDrf(body: BodyView): ServerSignal[] {
  const detail = str(get(body.json, 'detail'));
  if (!detail) return [];
  const code = str(get(body.json, 'code'));
  let kind = drfKind(detail);
  if (detail === 'Given token not valid for any token type') {
    // simplejwt lists why each token class failed: "Token is expired" (5.3+) or "Token is invalid or expired".
    const messages = get(body.json, 'messages');
    const reasons = Array.isArray(messages)
      ? messages.slice(0, 5).map((m) => str(get(m, 'message')) ?? '')
      : [];
    kind = reasons.some((r) => drfKind(r) === 'expired') ? 'expired' : 'invalid';
  }
  if (!kind) return [];
  return [signal({ family: 'drf', kind, code, message: detail, where: 'response-body' })];
}

function readPlatformSignals(body: BodyView): ServerSignal[] {
  return [...readEsri(body), ...readKubernetes(body), ...readDrf(body)];
}

export function readServiceSignals(input: SignalInput): ServerSignal[] {
  const body = readBody(input);
  if (body.json === undefined) return [];
  return [
    ...readGithub(input, body),
    ...readDiscord(body),
    ...readSlack(input, body),
    ...readStripe(body),
    ...readPlatformSignals(body),
  ];
}
