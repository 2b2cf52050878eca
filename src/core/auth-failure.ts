import type { BodySample } from './exchange.ts';

/**
 * Statuses that mean "your credential was not accepted" on their own:
 * 401/403 (RFC 9110), 419 (Laravel: CSRF token / session expired), 440 (IIS: login time-out),
 * 498 (Esri: invalid token). 499 (Esri "Token Required") is not here: nginx uses it for client
 * closed request, so it only counts when the body says so.
 */
export const AUTH_FAILURE_STATUSES: ReadonlySet<number> = new Set([401, 403, 419, 440, 498]);

/**
 * Bodies that say "bad credential" while the status does not: Slack answers 200 with
 * {"ok":false,"error":"invalid_auth"}, Esri sends 498/499 inside a 200, AWS JSON services and
 * OAuth servers answer 400 (RFC 6750 §3.1 invalid_request).
 * Matched on codes first: they are stable where messages are not.
 */
const AUTH_ERROR_BODY =
  /"error"\s*:\s*"(?:invalid_auth|not_authed|token_revoked|token_expired|account_inactive|invalid_token|invalid_grant|unauthorized_client)"|"code"\s*:\s*49[89]\b|UnrecognizedClientException|InvalidSignatureException|IncompleteSignature|ExpiredToken|InvalidClientTokenId|MissingAuthenticationToken|SignatureDoesNotMatch|jwt (?:expired|malformed|must be provided|not active)|invalid signature|Bad credentials|CSRF (?:token|verification)|Authentication credentials were not provided|UNAUTHENTICATED/;

/** How much of a body is worth scanning: auth errors are short, and this bounds the work. */
const BODY_SCAN_LIMIT = 8192;

export function looksLikeAuthErrorBody(text: string): boolean {
  return AUTH_ERROR_BODY.test(text.length > BODY_SCAN_LIMIT ? text.slice(0, BODY_SCAN_LIMIT) : text);
}

export function isAuthFailure(
  status: number,
  body: BodySample | undefined,
  statuses: ReadonlySet<number> = AUTH_FAILURE_STATUSES,
): boolean {
  if (statuses.has(status)) return true;
  return (
    body !== undefined &&
    (status === 200 || status === 400 || status === 499) &&
    looksLikeAuthErrorBody(body.text)
  );
}
