/**
 * What the page observer reads and relays, decided on the page's own thread: so it stays a few
 * cheap tests, and errs on the side of relaying. The worker classifies what arrives (auth-failure.ts);
 * this only keeps ordinary traffic off the message channel. No import here may pull the engine
 * into the page bundle.
 */

/**
 * Statuses that mean "your credential was not accepted" on their own:
 * 401/403 (RFC 9110), 419 (Laravel: CSRF token / session expired), 440 (IIS: login time-out),
 * 498 (Esri: invalid token). 499 (Esri "Token Required") is not here: nginx uses it for client
 * closed request, so it only counts when the body says so.
 */
export const AUTH_FAILURE_STATUSES: ReadonlySet<number> = new Set([401, 403, 419, 440, 498]);

/**
 * Error statuses whose bodies are not about credentials often enough to be worth a read: a missing
 * page, a wrong method, rate limits and gateway failures.
 */
const UNRELATED_ERRORS: ReadonlySet<number> = new Set([404, 405, 410, 413, 414, 429, 502, 503, 504]);

/** A 200 is read only when it is JSON and small or of unknown length (chunked): auth errors are tiny. */
export const SUCCESS_SCAN_CHARS = 4096;

/** Whether the observer reads a clone of this response's body. */
export function mayReadBody(status: number, contentType: string | null, length: string | null): boolean {
  if (status >= 400) return !UNRELATED_ERRORS.has(status);
  return (
    status === 200 &&
    contentType?.includes('json') === true &&
    (length === null || Number(length) <= SUCCESS_SCAN_CHARS)
  );
}

/**
 * Vendor codes that say "bad credential" with no credential word in them (Slack, AWS, Esri); kept
 * because they are stable where wordings are not.
 */
const AUTH_ERROR_CODES =
  /"error"\s*:\s*"(?:invalid_auth|not_authed|token_revoked|token_expired|account_inactive|invalid_token|invalid_grant|unauthorized_client)"|"code"\s*:\s*49[89]\b|UnrecognizedClientException|InvalidSignatureException|IncompleteSignature|ExpiredToken|InvalidClientTokenId|MissingAuthenticationToken|SignatureDoesNotMatch|jwt (?:expired|malformed|must be provided|not active)|invalid signature|Bad credentials|CSRF (?:token|verification)|Authentication credentials were not provided|UNAUTHENTICATED/;

/**
 * Words every statement about a credential contains one of (the worker's phrase model needs one
 * of them too): a superset, so nothing the worker would call a failure is lost here.
 */
const CREDENTIAL_WORDS =
  /token|jwt|jw[set]\b|auth|credential|key|secret|session|csrf|xsrf|forgery|nonce|crumb|signature|bearer|cookie|log(?:ged)?.?in|sign(?:ed)?.?in|claim|\bpat\b|\bsas\b|\bkid\b|permission|scope|forbidden|denied|privilege|restricted|insufficient|allowed|permitted|entitled|accessible|expired|revoked|segment|period|compact|audience|\baud\b|issuer|\biss\b|\bnbf\b|mfa|factor|2fa|step.?up|role|superuser|admin|owner|member|staff|editor/i;

/** A 200 that is an error at all: GraphQL `errors`, `ok:false`, an `error` or `fault` member. */
const ERROR_SHAPE =
  /"(?:errors|error|fault|error_description|errorCode|__type)"\s*:|"(?:ok|success)"\s*:\s*false/;

/** Auth errors are short; this bounds every scan on the page's thread. */
const BODY_SCAN_LIMIT = 8192;

export function looksLikeAuthErrorBody(text: string): boolean {
  return AUTH_ERROR_CODES.test(text.length > BODY_SCAN_LIMIT ? text.slice(0, BODY_SCAN_LIMIT) : text);
}

/** Whether a response the observer read goes to the worker, which decides if it is a failure. */
export function worthRelaying(status: number, body: string | undefined): boolean {
  if (AUTH_FAILURE_STATUSES.has(status)) return true;
  if (body === undefined) return false;
  const text = body.length > BODY_SCAN_LIMIT ? body.slice(0, BODY_SCAN_LIMIT) : body;
  if (AUTH_ERROR_CODES.test(text)) return true;
  if (status < 400 && !ERROR_SHAPE.test(text)) return false;
  return CREDENTIAL_WORDS.test(text);
}
