import type { BodySample, HeaderEntry } from './exchange.ts';
import { AUTH_FAILURE_STATUSES, looksLikeAuthErrorBody } from './page-relay-rule.ts';
import { parseWwwAuthenticate } from './signals/parse-www-authenticate.ts';
import { readServerSignals } from './signals/read-server-signals.ts';

export { AUTH_FAILURE_STATUSES, looksLikeAuthErrorBody };

/** What decides whether an exchange is an authentication failure: the status, the challenge, the body. */
export interface FailureEvidence {
  status: number;
  responseHeaders?: readonly HeaderEntry[];
  responseBody?: BodySample | undefined;
}

/**
 * An authentication failure by meaning, whatever the status: a watched status; a challenge that
 * states an error (RFC 6750 §3.1 lets a 400 carry `Bearer error="invalid_request"`); or a body in
 * which the server says something about the credential (a GraphQL 200 with UNAUTHENTICATED, a 422
 * for a malformed Authorization header, a 500 page saying "jwt expired", Slack's 200 invalid_auth).
 * The body is read by the same readers the diagnosis uses, so what is recorded is what is explained.
 */
export function isAuthFailure(
  exchange: FailureEvidence,
  statuses: ReadonlySet<number> = AUTH_FAILURE_STATUSES,
): boolean {
  const { status } = exchange;
  if (statuses.has(status)) return true;
  // Redirects and informational answers say nothing about the credential themselves.
  if (status < 200 || (status >= 300 && status < 400)) return false;
  const headers = exchange.responseHeaders ?? [];
  const challenges = headers.filter((header) => header.name === 'www-authenticate').map((h) => h.value);
  const challenge = parseWwwAuthenticate(challenges);
  if (status >= 400 && challenge.challenges.some((item) => item.params.error !== undefined)) return true;
  const body = exchange.responseBody?.text;
  if (body === undefined || body.length === 0) return false;
  if ((status === 200 || status === 400 || status === 499) && looksLikeAuthErrorBody(body)) return true;
  return readServerSignals({ status, headers, body, challenge }).length > 0;
}
