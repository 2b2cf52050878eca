import type { HeaderEntry } from './exchange.ts';
import { redactSetCookie } from './redact/redact-cookie.ts';

/**
 * Which request headers carry credentials, and which other headers are worth keeping because the
 * diagnosis reads them. Everything else is dropped at capture time to keep records small.
 */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-amz-security-token',
  'dpop',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
  // Vendors' own headers (vendor-tokens.ts) that the pattern below does not cover.
  'private-token',
  'xi-api-key',
  'circle-token',
  'x-auth-key',
  'dd-api-key',
  'dd-application-key',
]);

/**
 * `x-<vendor>-api-key`, `x-<vendor>-token`, `x-appwrite-key`, `x-appwrite-jwt`, `plaid-secret` and
 * similar vendor headers; an idempotency or cache key is not a credential.
 */
const VENDOR_CREDENTIAL =
  /^x-(?!idempotency|cache|request)[a-z0-9-]{0,40}(?:api-?key|-key|token|secret|-jwt)$|^[a-z0-9]{2,20}-(?:secret|api-?key|access-token)$/;

/** Request headers that are not credentials but that the diagnosis needs (SigV4 time, CORS). */
const REQUEST_CONTEXT_HEADERS = new Set(['x-amz-date', 'date', 'origin', 'content-type']);

/** Response headers that explain an authentication failure. */
const RESPONSE_CONTEXT_HEADERS = new Set([
  'www-authenticate',
  'proxy-authenticate',
  'date',
  'content-type',
  'dpop-nonce',
  'location',
  'x-amzn-errortype',
  'x-amz-apigw-id',
  'x-amzn-requestid',
  'x-amz-error-code',
  'x-amz-error-message',
  'x-ms-error-code',
  'retry-after',
  // Issue 18: the CORS answer to a credentialed call, and the cookies the server set or deleted.
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'set-cookie',
]);

export function isCredentialHeader(name: string, extraNames: ReadonlySet<string> = EMPTY): boolean {
  return CREDENTIAL_HEADERS.has(name) || extraNames.has(name) || VENDOR_CREDENTIAL.test(name);
}

export function isKeptRequestHeader(name: string, extraNames?: ReadonlySet<string>): boolean {
  return isCredentialHeader(name, extraNames) || REQUEST_CONTEXT_HEADERS.has(name);
}

export function isKeptResponseHeader(name: string): boolean {
  return RESPONSE_CONTEXT_HEADERS.has(name);
}

/**
 * A response header as it is kept, or undefined when it is not: a Set-Cookie keeps the cookie's
 * name and attributes and loses its value, which is a credential (issue 18).
 */
export function keptResponseHeader(name: string, value: string): HeaderEntry | undefined {
  if (!RESPONSE_CONTEXT_HEADERS.has(name)) return undefined;
  return { name, value: name === 'set-cookie' ? redactSetCookie(value) : value };
}

const EMPTY: ReadonlySet<string> = new Set();
