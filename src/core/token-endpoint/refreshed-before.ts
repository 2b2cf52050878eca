import type { Exchange } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import { fingerprint } from '../fingerprint.ts';
import { type GrantLink, grantLink } from './grant-link.ts';
import type { IssuedToken } from './token-request.ts';

export interface Refreshed {
  /** The token exchange that issued the newer token. */
  exchange: Exchange;
  issued: IssuedToken;
  /** When the newer token expires (ms), when it says. */
  validUntil?: number;
  link: GrantLink;
}

/**
 * A successful grant before this request, tied to its token, that issued a newer token than the one
 * sent and still valid when the request left: the app got a new token and went on with the old.
 * The newest tied grant decides: if it issued the token sent, nothing is stale.
 */
export function refreshedBefore(facts: Facts): Refreshed | undefined {
  if (facts.token === undefined || facts.exchange.tokenRequest) return undefined;
  const { exchange, history } = facts;
  // Computed on the first grant found: most tabs have none, and a diagnosis must stay cheap.
  let sent: string | undefined;
  for (let index = history.length - 1; index >= 0; index--) {
    const earlier = history[index] as Exchange;
    const answer = earlier.tokenResponse;
    if (earlier.id === exchange.id || !answer || !earlier.tokenRequest) continue;
    if (earlier.completedAt > exchange.startedAt) continue;
    const link = grantLink(facts, earlier);
    // An opaque token tied by the tab alone is no evidence that this grant replaced it.
    if (!link || link === 'tab') continue;
    const issued = issuedLike(answer, facts);
    // A grant for another API (Auth0 SPAs ask one token per audience) did not replace this token.
    if (!sameAudience(facts, issued)) continue;
    sent ??= fingerprint(facts.token);
    if (!issued || issued.fingerprint === sent) return undefined;
    if (answer.idToken?.fingerprint === sent || answer.accessToken?.fingerprint === sent) return undefined;
    const validUntil =
      issued.claims?.exp !== undefined
        ? issued.claims.exp * 1000
        : answer.expiresIn !== undefined
          ? earlier.completedAt + answer.expiresIn * 1000
          : undefined;
    if (validUntil !== undefined && validUntil <= exchange.startedAt) return undefined;
    if (!olderThan(facts, earlier)) return undefined;
    return { exchange: earlier, issued, link, ...(validUntil === undefined ? {} : { validUntil }) };
  }
  return undefined;
}

/** The issued token of the kind the app sends: an ID token when the sent one looks like one. */
function issuedLike(answer: NonNullable<Exchange['tokenResponse']>, facts: Facts): IssuedToken | undefined {
  const payload = facts.jwt?.kind === 'jws' ? facts.jwt.payload : undefined;
  const idToken = answer.idToken;
  if (idToken && payload && typeof payload.aud === 'string' && payload.aud === idToken.claims?.aud) {
    const looksLikeId = payload.nonce !== undefined || payload.at_hash !== undefined || !answer.accessToken;
    if (looksLikeId) return idToken;
  }
  return answer.accessToken ?? idToken;
}

function sameAudience(facts: Facts, issued: IssuedToken | undefined): boolean {
  const payload = facts.jwt?.kind === 'jws' ? facts.jwt.payload : undefined;
  const issuedAudience = issued?.claims?.aud;
  if (!payload || issuedAudience === undefined || payload.aud === undefined) return true;
  const sent = Array.isArray(payload.aud)
    ? payload.aud.filter((item) => typeof item === 'string').join(' ')
    : payload.aud;
  return sent === issuedAudience;
}

/**
 * Whether the sent token predates the grant: issued before it (the issuer's clock against the
 * browser's, with the skew and tolerance), or seen in the tab before it.
 */
function olderThan(facts: Facts, grant: Exchange): boolean {
  const payload = facts.jwt?.kind === 'jws' ? facts.jwt.payload : undefined;
  const skew = facts.serverClock?.skewMs ?? 0;
  if (payload && typeof payload.iat === 'number')
    return payload.iat * 1000 + facts.toleranceMs < grant.startedAt + skew;
  const sent = fingerprint(facts.token as string);
  for (const earlier of facts.history) {
    if (earlier.completedAt > grant.startedAt) continue;
    const answer = earlier.tokenResponse;
    if (answer?.accessToken?.fingerprint === sent || answer?.idToken?.fingerprint === sent) return true;
    const used = earlier.requestHeaders.some(
      (header) => header.name === 'authorization' && header.value.includes(facts.token as string),
    );
    if (used && !earlier.tokenRequest) return true;
  }
  return false;
}
