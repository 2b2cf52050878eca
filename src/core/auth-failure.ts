import type { BodySample, HeaderEntry } from './exchange.ts';
import { AUTH_FAILURE_STATUSES, looksLikeAuthErrorBody } from './page-relay-rule.ts';
import { blockedCredentialedCrossOriginCall } from './page-view.ts';
import { parseWwwAuthenticate } from './signals/parse-www-authenticate.ts';
import { readServerSignals } from './signals/read-server-signals.ts';
import { redirectsToSignIn } from './signals/sign-in-redirect.ts';
import { classifyTokenFailure, DEFERRED_CODES } from './token-endpoint/classify-token-failure.ts';
import { readTokenError } from './token-endpoint/read-token-error.ts';
import type { TokenRequest, TokenResponse } from './token-endpoint/token-request.ts';
import { decodeJwt } from './tokens/decode-jwt.ts';

export { AUTH_FAILURE_STATUSES, looksLikeAuthErrorBody };

/** What decides whether an exchange is an authentication failure: the status, the challenge, the body. */
export interface FailureEvidence {
  status: number;
  /** Needed only for a network error (status 0): was the call cross-origin? */
  url?: string;
  requestHeaders?: readonly HeaderEntry[];
  /** When the request was sent (ms): an expired token is judged against it. */
  startedAt?: number;
  responseHeaders?: readonly HeaderEntry[];
  responseBody?: BodySample | undefined;
  /** A token-endpoint request (issue 17): judged by what the endpoint answered, whatever the status. */
  tokenRequest?: TokenRequest | undefined;
  tokenResponse?: TokenResponse | undefined;
  /** The page's credentials mode (issue 18): a call that asked for cookies is credentialed too. */
  cookies?: { credentialsMode?: string | undefined } | undefined;
}

/**
 * An error answer to a request whose bearer JWT had expired when it was sent: a server that turns
 * its token check into a 500 (an unhandled TokenExpiredError, a guard throwing a plain object)
 * still failed on the credential.
 */
function sentExpiredJwt(exchange: FailureEvidence): boolean {
  const authorization = exchange.requestHeaders?.find((header) => header.name === 'authorization')?.value;
  if (!authorization || exchange.startedAt === undefined) return false;
  const token = /^\s*bearer\s+(eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*)\s*$/i.exec(authorization)?.[1];
  if (!token || token.length > 16_384) return false;
  const decoded = decodeJwt(token);
  const exp = decoded.kind === 'jws' ? decoded.payload.exp : undefined;
  return typeof exp === 'number' && exp * 1000 < exchange.startedAt - EXPIRY_TOLERANCE_MS;
}

/**
 * A cross-origin call that asked for cookies (credentials "include", withCredentials) and ended in
 * a network error: the CORS check of a credentialed answer is the usual reason (issue 18).
 */
function blockedCookieCall(exchange: FailureEvidence & { url: string }): boolean {
  if (exchange.cookies?.credentialsMode !== 'include') return false;
  const origin = exchange.requestHeaders?.find((header) => header.name === 'origin')?.value;
  if (origin === undefined) return false;
  try {
    return new URL(exchange.url).origin !== origin;
  } catch {
    return false;
  }
}

/** The default clock-skew tolerance: a token a minute past exp may still pass a lenient server. */
const EXPIRY_TOLERANCE_MS = 60_000;

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
  // A token endpoint answers a refused grant with 400 (RFC 6749 §5.2), GitHub and Slack with a 200;
  // device-flow polling's 400 authorization_pending is no failure.
  if (exchange.tokenRequest && !(AUTH_FAILURE_STATUSES.has(status) && !statuses.has(status))) {
    const failure = classifyTokenFailure({
      ...exchange,
      tokenRequest: exchange.tokenRequest,
      responseBody: exchange.responseBody,
    });
    if (failure) return true;
    // DPoP's nonce request is judged like any answer below, and so is a request known by its path
    // alone (a `/devices/token` API that is no token endpoint); any other token answer is no failure.
    const code = readTokenError(exchange.responseBody?.text)?.code.toLowerCase();
    const deferred = code !== undefined && DEFERRED_CODES.has(code);
    if (!deferred && exchange.tokenRequest.grantType !== 'unknown') return false;
  }
  if (statuses.has(status)) return true;
  // A default status the user took off the watch list (options) is not counted by meaning either.
  if (AUTH_FAILURE_STATUSES.has(status)) return false;
  // A credentialed cross-origin call the browser blocked: the credential never got through (the
  // page sees status 0; page-view.ts).
  if (status === 0)
    return (
      exchange.url !== undefined &&
      (blockedCredentialedCrossOriginCall({ ...exchange, url: exchange.url }) ||
        blockedCookieCall({ ...exchange, url: exchange.url }))
    );
  // A redirect to the sign-in page is a session app's 401 (issue 18); other redirects and
  // informational answers say nothing about the credential themselves.
  if (status >= 300 && status < 400 && exchange.url !== undefined) {
    const location = exchange.responseHeaders?.find((header) => header.name === 'location')?.value;
    return redirectsToSignIn(exchange.url, location);
  }
  if (status < 200 || (status >= 300 && status < 400)) return false;
  const headers = exchange.responseHeaders ?? [];
  const challenges = headers.filter((header) => header.name === 'www-authenticate').map((h) => h.value);
  const challenge = parseWwwAuthenticate(challenges);
  if (status >= 400 && challenge.challenges.some((item) => item.params.error !== undefined)) return true;
  if (status >= 400 && sentExpiredJwt(exchange)) return true;
  const body = exchange.responseBody?.text;
  if (body === undefined || body.length === 0) return false;
  if ((status === 200 || status === 400 || status === 499) && looksLikeAuthErrorBody(body)) return true;
  return readServerSignals({ status, headers, body, challenge }).length > 0;
}
