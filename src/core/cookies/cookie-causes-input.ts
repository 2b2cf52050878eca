import type { SentCredential } from '../credentials/credential.ts';
import type { CookieFacts, JudgedCookie } from './cookie-facts.ts';
import { isCsrfHeader } from './session-cookie-names.ts';
import { isLoopbackHost, registrableDomain } from './site.ts';

/**
 * The withheld session cookies that speak about this request: those for its URL, and those of a
 * host the developer thinks of as the same (another subdomain of its site, or localhost for
 * 127.0.0.1). A jar read for the page's site also holds the cookies of unrelated hosts; a call to
 * another company's API says nothing about them.
 */
export function withheldSessionsFor(cookies: CookieFacts): JudgedCookie[] {
  let host: string;
  try {
    host = new URL(cookies.request.url).hostname;
  } catch {
    return [];
  }
  const related = (domain: string) => {
    const name = domain.replace(/^\./, '');
    return (
      registrableDomain(name) === registrableDomain(host) || (isLoopbackHost(name) && isLoopbackHost(host))
    );
  };
  // A cookie of another host is the developer's mix-up of an app's API address (localhost for
  // 127.0.0.1, app. for api.); a document goes where a link or the user sent it.
  const list = cookies.withheldSessions.filter(
    (item) => !item.reasons.includes('domain') || (!cookies.documentLoad && related(item.cookie.domain)),
  );
  // Fewest reasons first: the cookie closest to being sent is the one the developer meant.
  return list.sort((a, b) => a.reasons.length - b.reasons.length);
}

/**
 * The credentials that identify the caller: a CSRF header rides along with a session cookie and
 * proves only where the call came from, so a cookie session with one has no other credential.
 */
export function identifyingCredentials(credentials: readonly SentCredential[]): SentCredential[] {
  return credentials.filter((item) => !(item.location.in === 'header' && isCsrfHeader(item.location.name)));
}

/**
 * The server asks for a token in a header (a Bearer or DPoP challenge): it does not read a session
 * cookie, so what happened to one does not explain its refusal. A Basic challenge does not say so:
 * Spring Security sends `Basic realm="Realm"` from session apps by default.
 */
export function asksForHeaderCredential(challenges: readonly { schemeKey: string }[]): boolean {
  return challenges.some((challenge) => challenge.schemeKey === 'bearer' || challenge.schemeKey === 'dpop');
}

/**
 * Whether a missing session cookie can explain this refusal: no identifying credential went, the
 * CORS answer is not what failed, the server does not challenge for a token, and no session
 * cookie went with the request (cookie-not-sent's and cookie-blocked's common ground).
 */
export function missingCookieMayExplain(facts: {
  credentials: readonly SentCredential[];
  cookies: CookieFacts;
  challenge: { challenges: readonly { schemeKey: string }[] };
}): boolean {
  return (
    identifyingCredentials(facts.credentials).length === 0 &&
    facts.cookies.cors === undefined &&
    !asksForHeaderCredential(facts.challenge.challenges) &&
    facts.cookies.sentSessions.length === 0
  );
}
