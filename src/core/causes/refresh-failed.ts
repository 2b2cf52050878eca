import type { Exchange } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import { formatDuration, formatInstant } from '../time/format-relative.ts';
import {
  classifyTokenFailure,
  type RefreshReason,
  scoreOf,
  type TokenFailure,
} from '../token-endpoint/classify-token-failure.ts';
import { tokenAnswerLine, tokenRequestLine } from '../token-endpoint/describe-token-exchange.ts';
import { type GrantLink, grantLink } from '../token-endpoint/grant-link.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';

/**
 * The refresh failed: on the token endpoint's own record, the endpoint refused the refresh token;
 * on an API failure shortly after it, the app went on with the token it could not replace, and the
 * refusal is the root cause.
 */
export const refreshFailed: CauseDetector = {
  id: 'refresh-failed',
  detect(facts) {
    const own = facts.tokenFailure;
    if (own) return own.kind === 'refresh-failed' ? ownCause(facts.exchange, own) : undefined;
    if (facts.exchange.tokenRequest) return undefined;
    const chain = failedRefreshBefore(facts);
    return chain ? chainCause(facts, chain) : undefined;
  },
};

/** How long after a failed refresh an API failure is still its consequence. */
export const CHAIN_WINDOW_MS = 5 * 60_000;

interface Chain {
  refresh: Exchange;
  failure: TokenFailure;
  link: GrantLink;
}

/**
 * The newest token-endpoint exchange tied to this request's token within the window before it:
 * a failed refresh makes a chain; a later success (or another grant that worked) breaks it.
 */
export function failedRefreshBefore(facts: Facts): Chain | undefined {
  const { exchange, history } = facts;
  // Only a token the server refused as such (expired, invalid): a 403 for a missing scope, a CSRF
  // check or a refused preflight has a cause of its own, whatever the refresh did.
  if (!tokenRefused(facts)) return undefined;
  const stop = Math.max(0, history.length - CHAIN_SEARCH_MAX);
  let found: Chain | undefined;
  // Records are in arrival order, not exactly completion order: the window is checked on each.
  for (let index = history.length - 1; index >= stop; index--) {
    const earlier = history[index] as Exchange;
    if (earlier.id === exchange.id || !earlier.tokenRequest) continue;
    if (earlier.completedAt > exchange.startedAt + CLOCK_SLACK_MS) continue;
    if (exchange.startedAt - earlier.completedAt > CHAIN_WINDOW_MS) continue;
    if (found && earlier.completedAt <= found.refresh.completedAt) continue;
    const link = grantLink(facts, earlier);
    if (!link) continue;
    const failure = classifyTokenFailure(earlier);
    // The newest tied grant decides: one that worked (or another grant) breaks the chain.
    found =
      failure?.kind === 'refresh-failed' && !failure.serverError && sentBefore(facts, earlier)
        ? { refresh: earlier, failure, link }
        : undefined;
    if (!found) return undefined;
  }
  return found;
}

/**
 * How much later than the refresh a token may say it was issued and still be the old one: the
 * issuer's clock is read through the server's Date, to the second.
 */
const ISSUED_SLACK_MS = 5_000;

/** Records searched back for the refresh, at most. */
const CHAIN_SEARCH_MAX = 500;

function tokenRefused(facts: Facts): boolean {
  if (facts.localTimes?.expired || facts.serverTimes?.expired) return true;
  if (facts.bearerError?.error !== undefined) return facts.bearerError.error === 'invalid_token';
  return facts.exchange.status === 401;
}

/**
 * Whether the token sent is one the app had before the refresh (so it went on with the old one):
 * a JWT issued before it (the issuer's clock against the browser's, with the skew and tolerance),
 * or any token seen in the tab before it. A token the refresh could not have replaced is not
 * evidence that the app ignored it.
 */
function sentBefore(facts: Facts, refresh: Exchange): boolean {
  const payload = facts.jwt?.kind === 'jws' ? facts.jwt.payload : undefined;
  if (payload && typeof payload.iat === 'number') {
    const skew = facts.serverClock?.skewMs ?? 0;
    return payload.iat * 1000 <= refresh.completedAt + skew + ISSUED_SLACK_MS;
  }
  return seenBefore(facts, refresh) || payload !== undefined;
}

function seenBefore(facts: Facts, refresh: Exchange): boolean {
  const token = facts.token as string;
  for (const earlier of facts.history) {
    if (earlier.completedAt > refresh.startedAt || earlier.id === facts.exchange.id) continue;
    if (
      earlier.requestHeaders.some((header) => header.name === 'authorization' && header.value.includes(token))
    )
      return true;
  }
  return false;
}

/** Page and worker clocks differ by a few ms. */
const CLOCK_SLACK_MS = 100;

const REASON_TITLES: Record<RefreshReason, string> = {
  expired: 'the refresh token (or its session) has expired',
  revoked: 'the refresh token was revoked',
  reused: 'the refresh token was already used (rotation)',
  'other-client': 'the refresh token belongs to another client',
};

function ownCause(exchange: Exchange, failure: TokenFailure): Cause {
  const title = failure.serverError
    ? `The token endpoint failed during the refresh (${exchange.status})`
    : `The token endpoint refused the refresh: ${failure.reason ? REASON_TITLES[failure.reason] : 'the refresh token is no longer accepted'}`;
  return {
    id: 'refresh-failed',
    title,
    evidence: [
      { source: 'request', text: tokenRequestLine(exchange) },
      { source: failure.error ? 'response-body' : 'status', text: tokenAnswerLine(exchange, failure) },
    ],
    fix: refreshFix(failure),
    confidence: failure.serverError ? 'medium' : 'high',
    score: scoreOf(failure),
    rankReason: 'The token endpoint states why it refused the grant.',
  };
}

function chainCause(facts: Facts, { refresh, failure, link }: Chain): Cause {
  const before = formatDuration(facts.exchange.startedAt - refresh.completedAt) ?? 'just';
  const evidence: Evidence[] = [
    {
      source: 'history',
      text: `At ${formatInstant(refresh.completedAt)} (${before} before this request) the refresh failed: ${tokenRequestLine(refresh)} → ${tokenAnswerLine(refresh, failure)}`,
    },
    { source: 'claim', text: LINK_WORDS[link] },
  ];
  return {
    id: 'refresh-failed',
    title: `The app's refresh failed just before (${failure.reason ? REASON_TITLES[failure.reason] : (failure.error?.code ?? `status ${refresh.status}`)}), and it went on with the old token`,
    evidence,
    fix: `${refreshFix(failure)} Then make the app stop on a failed refresh instead of sending the token it could not replace.`,
    confidence: link === 'tab' ? 'medium' : 'high',
    score: 98,
    rankReason:
      'The root cause: this request failed because the refresh before it did; the failure of the token itself is listed next.',
  };
}

const LINK_WORDS: Record<GrantLink, string> = {
  issuer: "This request's token was issued by that token endpoint's issuer.",
  client: "This request's token was issued to the client that tried to refresh.",
  'issued-token': 'That token endpoint issued this very token earlier in the tab.',
  tab: 'This request carried an opaque token from the same tab (the token names no issuer to compare).',
};

function refreshFix(failure: TokenFailure): string {
  if (failure.serverError)
    return 'The provider failed, not the grant: retry the refresh with back-off, and keep the refresh token (it may still be good).';
  switch (failure.reason) {
    case 'expired':
      return "Re-authenticate the user: an expired refresh token cannot be refreshed again. If it expires sooner than expected, check the provider's refresh-token and session lifetimes (idle and maximum; Entra gives single-page apps 24 hours).";
    case 'revoked':
      return 'Re-authenticate the user: a revoked refresh token does not come back (sign-out, password change, an admin or the user withdrew access).';
    case 'reused':
      return 'Handle refresh-token rotation: keep the refresh token from every refresh answer and use only the newest, once; make refreshes single-flight across requests and tabs, since a reused token can revoke the whole family.';
    case 'other-client':
      return 'Send the refresh token with the client (and tenant) it was issued to, or sign the user in with this client.';
    default:
      return 'Re-authenticate the user when a refresh is refused with invalid_grant, rather than retrying it; if the provider rotates refresh tokens, use only the newest one, once.';
  }
}
