import type { CauseId } from '../causes/cause.ts';
import { isCredentialHeader } from '../credential-headers.ts';
import { bareToken } from '../credentials/parse-authorization.ts';
import type { ExperimentKind, HeaderEntry } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import { maskSecret, maskTokenRuns } from '../mask-secret.ts';
import type { StoredToken } from '../page-tokens/find-stored-tokens.ts';
import { redactUrl } from '../redact/redact-url.ts';
import { decodeJwt, type JsonObject, numericDate } from '../tokens/decode-jwt.ts';
import { EXPERIMENT_METHODS } from './experiment-methods.ts';

/**
 * The experiment a cause implies: the failed request sent again with the one change that would
 * fix it, so "likely" becomes "confirmed" or "ruled out" (issue 16). Pure: this decides what
 * would be sent, and whether anything may be sent at all; the extension's shells send it, only on
 * the user's click, from the page's own context.
 */
export type { ExperimentKind } from '../exchange.ts';

export { EXPERIMENT_METHODS } from './experiment-methods.ts';

export interface ExperimentRequest {
  method: string;
  url: string;
  headers: HeaderEntry[];
}

export interface ExperimentPlan {
  kind: ExperimentKind;
  causeId: CauseId;
  request: ExperimentRequest;
  /** The one change from the failed request, in words, credentials masked. */
  change: string;
  /** The origin of the page that made the failed request: the only page the request is sent from. */
  pageOrigin?: string;
}

export interface ExperimentUnavailable {
  causeId: CauseId;
  /** Why nothing is offered, said to the user. */
  reason: string;
}

export type ExperimentOffer = ExperimentPlan | ExperimentUnavailable;

export function isPlan(offer: ExperimentOffer): offer is ExperimentPlan {
  return 'request' in offer;
}

const FRESHER_TOKEN_CAUSES = new Set<CauseId>([
  'stale-token',
  'token-expired',
  'token-placeholder',
  'token-missing',
]);
const REPAIR_CAUSES = new Set<CauseId>(['malformed-header', 'malformed-token', 'wrong-scheme']);
const SAME_AGAIN_CAUSES = new Set<CauseId>(['token-revoked', 'token-rejected', 'unknown']);
const AWS_CAUSES = new Set<CauseId>([
  'aws-missing-session-token',
  'aws-expired-credentials',
  'aws-invalid-credentials',
  'aws-signature-mismatch',
]);

/** What can be tried for one cause of one failure; an empty list when the cause has no experiment. */
export function planExperiments(facts: Facts, causeId: CauseId): ExperimentOffer[] {
  const { method } = facts.exchange;
  if (causeId === 'clock-skew') {
    return [
      {
        causeId,
        reason:
          'Sending it again cannot test this: the server judged the token by its own clock, which a retry does not change. Compare the clocks instead (the lifetime chart shows both).',
      },
    ];
  }
  if (AWS_CAUSES.has(causeId)) {
    return [
      {
        causeId,
        reason:
          'A SigV4 signature covers the request and needs the secret key to be made again, which the extension never has: nothing is retried.',
      },
    ];
  }
  const testable =
    causeId === 'preflight-rejected' ||
    causeId === 'credential-dropped-on-redirect' ||
    FRESHER_TOKEN_CAUSES.has(causeId) ||
    REPAIR_CAUSES.has(causeId) ||
    SAME_AGAIN_CAUSES.has(causeId);
  if (!testable) return [];
  // Sent from the top page: only for the top page's own requests. A frame inside it (an ad, a
  // widget) must not get the page's tokens sent to a URL it chose.
  if (facts.exchange.frameId !== 0 || !facts.exchange.pageOrigin) {
    return [
      {
        causeId,
        reason:
          facts.exchange.frameId === undefined || !facts.exchange.pageOrigin
            ? 'Which frame of the page made this request is not known (it was seen by DevTools only, or before this version): nothing is sent for it.'
            : 'A frame inside the page made this request, not the page itself: experiments are sent only for the page’s own requests.',
      },
    ];
  }
  // Only a safe request is sent for a preflight experiment, whatever the failed request's method.
  if (causeId === 'preflight-rejected') return [preflightPlan(facts, causeId)];
  if (causeId === 'credential-dropped-on-redirect') {
    if (!EXPERIMENT_METHODS.has(method.toUpperCase())) return [unsafe(causeId, method)];
    return [
      redirectTargetPlan(facts, causeId) ?? {
        causeId,
        reason:
          'The credential the first hop carried was not seen (the page and the network view both lost it): there is nothing to send to the final URL.',
      },
    ];
  }
  const applies =
    FRESHER_TOKEN_CAUSES.has(causeId) || REPAIR_CAUSES.has(causeId) || SAME_AGAIN_CAUSES.has(causeId);
  if (!applies) return [];
  if (!EXPERIMENT_METHODS.has(method.toUpperCase())) return [unsafe(causeId, method)];
  const offers: ExperimentOffer[] = [];
  if (FRESHER_TOKEN_CAUSES.has(causeId)) {
    const fresher = fresherTokenPlan(facts, causeId);
    offers.push(
      fresher ?? {
        causeId,
        reason:
          facts.jwt?.kind !== 'jws' && originOf(facts.exchange.url) !== facts.exchange.pageOrigin
            ? 'No JWT was sent, and this request goes to another origin than the page: the extension will not guess which of the page’s tokens it is for.'
            : 'The page keeps no other token, still valid, for the same issuer and audience: there is none to try.',
      },
    );
  }
  if (REPAIR_CAUSES.has(causeId)) {
    const repaired = repairedHeaderPlan(facts, causeId);
    offers.push(
      repaired ?? { causeId, reason: 'No repair of the header is known for this problem: nothing to try.' },
    );
  }
  if (SAME_AGAIN_CAUSES.has(causeId) || causeId === 'token-expired') {
    offers.push({
      kind: 'same-again',
      causeId,
      request: original(facts),
      change: 'Nothing: the same request again, to tell a refusal of this credential from a passing fault.',
    });
  }
  return offers;
}

function unsafe(causeId: CauseId, method: string): ExperimentUnavailable {
  return {
    causeId,
    reason: `A ${method.slice(0, 24)} request may change data on the server: only GET, HEAD and OPTIONS requests are sent again.`,
  };
}

/**
 * The final URL the browser went to, asked directly with the credential the first hop carried (the
 * page's own), so that no redirect is left to drop it.
 */
function redirectTargetPlan(facts: Facts, causeId: CauseId): ExperimentPlan | undefined {
  const credential = facts.exchange.redirectedFrom?.credential;
  if (!credential || !isCredentialHeader(credential.name) || FORBIDDEN.test(credential.name))
    return undefined;
  const request = withHeader(facts, credential.name, credential.value);
  // The first hop's URL may carry a key in its query: shown redacted, like every URL in a report.
  const from = redactUrl(facts.exchange.redirectedFrom?.url ?? '');
  return {
    kind: 'redirect-target',
    causeId,
    request,
    change: `The final URL directly (not ${from}), with the ${credential.name} the first hop carried: ${masked(credential.value)}`,
  };
}

/**
 * A CORS preflight cannot be written by hand: `Origin` and `Access-Control-Request-*` are forbidden
 * request headers for every script, the extension's included. So the browser is made to send its
 * own: the page sends the failed request's safe method with its credential headers (or `OPTIONS`
 * when the method was not safe, itself a non-simple method), and the browser preflights it. The
 * server's answer to that preflight is what the experiment shows (read by network capture); only
 * a safe request can follow it.
 */
function preflightPlan(facts: Facts, causeId: CauseId): ExperimentPlan {
  const method = facts.exchange.method.toUpperCase();
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  const headers = facts.exchange.requestHeaders.filter(
    (header) => facts.credentialHeaders.includes(header) && !FORBIDDEN.test(header.name),
  );
  const names = headers.map((header) => header.name).join(', ') || 'its headers';
  return {
    kind: 'preflight',
    causeId,
    request: { method: safe ? method : 'OPTIONS', url: facts.exchange.url, headers },
    change: safe
      ? `Nothing: the same ${method} with ${names}, so that the browser sends its CORS preflight again and the server's answer to it can be shown.`
      : `An OPTIONS request with ${names} instead of the ${method}, which is never sent again: the browser preflights it as it did the ${method}, and the server's answer to that preflight is shown.`,
  };
}

/**
 * Headers no script may set (Fetch standard's forbidden request headers that a record can hold):
 * the browser sets them itself (Origin, Date) or drops them (Proxy-Authorization, Cookie, which it
 * sends from its own jar). Left out, so the dialog shows what is really sent.
 */
const FORBIDDEN =
  /^(?:origin|date|cookie|cookie2|host|referer|proxy-authorization|content-length|connection|keep-alive|sec-.*|proxy-.*)$/;

function original(facts: Facts): ExperimentRequest {
  const { exchange } = facts;
  return {
    method: exchange.method.toUpperCase(),
    url: exchange.url,
    headers: exchange.requestHeaders.filter((header) => !FORBIDDEN.test(header.name)),
  };
}

/** The header that carried the token, or Authorization when none did. */
function withHeader(facts: Facts, name: string, value: string): ExperimentRequest {
  const request = original(facts);
  request.headers = [...request.headers.filter((header) => header.name !== name), { name, value }];
  return request;
}

/**
 * The freshest token the page keeps that fits: a JWT of the same issuer and audience as the one
 * sent (when one was sent and they are known), not expired, not the one that failed.
 */
function fresherTokenPlan(facts: Facts, causeId: CauseId): ExperimentPlan | undefined {
  const sent = facts.jwt?.kind === 'jws' ? facts.jwt.payload : undefined;
  // No JWT was sent, so nothing says which API a stored one is for: one is tried only on the
  // page's own origin, never sent to another one the extension would be guessing at.
  if (!sent && originOf(facts.exchange.url) !== facts.exchange.pageOrigin) return undefined;
  let best: { token: StoredToken; issued: number } | undefined;
  for (const stored of facts.pageTokens) {
    if (stored.value === facts.token) continue;
    const decoded = decodeJwt(stored.value);
    if (decoded.kind !== 'jws') continue;
    const expiry = numericDate(decoded.payload, 'exp');
    if (expiry !== undefined && expiry * 1000 <= facts.now) continue;
    if (sent && !sameAudience(sent, decoded.payload)) continue;
    const issued = numericDate(decoded.payload, 'iat') ?? expiry ?? 0;
    if (!best || issued > best.issued) best = { token: stored, issued };
  }
  if (!best) return undefined;
  const header = facts.authorization?.header ?? 'authorization';
  const scheme = facts.authorization?.parsed.scheme || 'Bearer';
  const value = `${scheme} ${best.token.value}`;
  const before = facts.authorization ? masked(facts.authorization.value) : '(none)';
  return {
    kind: 'fresher-token',
    causeId,
    request: withHeader(facts, header, value),
    change: `${header}: ${before} → ${scheme} ${maskSecret(best.token.value)} (from ${best.token.store} "${best.token.path}")`,
  };
}

/** The same issuer and the same audience: a claim one token names, the other must name alike. */
function sameAudience(a: JsonObject, b: JsonObject): boolean {
  return JSON.stringify(a.iss) === JSON.stringify(b.iss) && JSON.stringify(a.aud) === JSON.stringify(b.aud);
}

/** Zero-width and bidi-control characters, and the byte order mark: invisible, yet sent. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The Authorization header as it should have been: one scheme, no quotes, no stray white space. */
function repairedHeaderPlan(facts: Facts, causeId: CauseId): ExperimentPlan | undefined {
  const authorization = facts.authorization;
  if (!authorization) return undefined;
  const { parsed } = authorization;
  const token = bareToken(parsed).replace(INVISIBLE, '').replace(/\s+/g, '');
  if (token === '' || parsed.problems.some((problem) => problem.kind === 'placeholder')) return undefined;
  // A token sent without a scheme: Bearer is what a JWT or opaque access token takes (RFC 6750).
  const scheme = (parsed.scheme || 'Bearer').replace(INVISIBLE, '');
  const value = `${scheme} ${token}`;
  if (value === authorization.value) return undefined;
  return {
    kind: 'repaired-header',
    causeId,
    request: withHeader(facts, authorization.header, value),
    change: `${authorization.header}: ${masked(authorization.value)} → ${scheme} ${maskSecret(token)}`,
  };
}

/** A header value with its credentials masked and its shape (schemes, quotes, white space) kept visible. */
function masked(value: string): string {
  const runs = maskTokenRuns(value);
  // A short secret (no run of 16 token characters) is masked whole after its scheme.
  const space = runs.indexOf(' ');
  const shown =
    runs !== value
      ? runs
      : space > 0
        ? `${value.slice(0, space)} ${maskSecret(value.slice(space + 1).trim())}`
        : maskSecret(value);
  return JSON.stringify(shown);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
