import {
  asksForHeaderCredential,
  identifyingCredentials,
  withheldSessionsFor,
} from '../cookies/cookie-causes-input.ts';
import { inThirdPartyContext } from '../cookies/cookie-rules.ts';
import { hostAndPath } from '../cookies/site.ts';
import type { Facts } from '../facts.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';
import { describeJarCookie } from './cookie-words.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * The session ended: the server deleted the session cookie (Set-Cookie with Max-Age=0 or a past
 * Expires, on this answer or an earlier one), the cookie's own lifetime ran out, or the session
 * cookie went and the server no longer knows the session (idle timeout, a restart, a logout
 * elsewhere) and says the caller is not signed in.
 */
export const sessionExpired: CauseDetector = {
  id: 'session-expired',
  detect(facts) {
    if (facts.cookies.cors) return undefined;
    const deletedNow = deleted(facts);
    if (deletedNow) return deletedNow;
    // A server that challenges for a header credential does not read a session cookie.
    if (asksForHeaderCredential(facts.challenge.challenges)) return undefined;
    return lapsed(facts) ?? refusedWhileSent(facts) ?? saidExpired(facts);
  },
};

const FIX_SIGN_IN =
  "Sign in again. If sessions end sooner than they should, look at the server's session lifetime and store (idle timeout, a store that is lost on restart, a logout elsewhere), and make the app send users to sign-in when the session ends instead of failing calls.";

function deleted(facts: Facts): Cause | undefined {
  if (
    identifyingCredentials(facts.credentials).length > 0 &&
    !facts.cookies.deleted.some((item) => item.onFailure)
  )
    return undefined;
  const cleared = facts.cookies.deleted.at(-1);
  if (!cleared) return undefined;
  // Chunked sessions (@supabase/ssr's `.0`, `.1`) are deleted together: name each.
  const together = facts.cookies.deleted.filter((item) => item.at === cleared.at && item.url === cleared.url);
  const names = together.map((item) => item.setCookie.name).join(', ');
  const when = cleared.onFailure
    ? 'with this answer'
    : `at ${new Date(cleared.at).toISOString().slice(11, 19)} (${hostAndPath(cleared.url)})`;
  const evidence: Evidence[] = together.map((item) => ({
    source: item.onFailure ? 'response-header' : 'history',
    text: `Set-Cookie: ${item.setCookie.name}=; ${item.setCookie.maxAge !== undefined ? `Max-Age=${item.setCookie.maxAge}` : 'Expires in the past'} — the server deleted the session cookie ${when}.`,
  }));
  const statement = findSignal(facts, 'expired', 'unauthenticated', 'missing-credential', 'revoked');
  if (statement) evidence.push(signalEvidence(statement));
  return {
    id: 'session-expired',
    title: `The server ended the session: it deleted ${names}${cleared.onFailure ? ' in this answer' : ' before this request'}`,
    evidence,
    fix: FIX_SIGN_IN,
    confidence: 'high',
    score: cleared.onFailure ? 93 : 91,
    rankReason:
      'The server itself removed the session cookie: whatever else is wrong, this request has no session.',
  };
}

function lapsed(facts: Facts): Cause | undefined {
  if (identifyingCredentials(facts.credentials).length > 0 || facts.cookies.sentSessions.length > 0)
    return undefined;
  const expiredJar = withheldSessionsFor(facts.cookies).find(
    (item) => item.reasons.length === 1 && item.reasons[0] === 'expired',
  );
  const fromSet = facts.cookies.lapsed.at(-1);
  if (!expiredJar && !fromSet) return undefined;
  const evidence: Evidence[] = [];
  let name: string;
  if (expiredJar) {
    name = expiredJar.cookie.name;
    const at = (expiredJar.cookie.expirationDate ?? 0) * 1000;
    evidence.push({
      source: 'request',
      text: `${describeJarCookie(expiredJar.cookie)} expired at ${new Date(at).toISOString()}, before this request.`,
    });
  } else {
    const set = fromSet as NonNullable<typeof fromSet>;
    name = set.setCookie.name;
    const lifetime =
      set.setCookie.maxAge !== undefined
        ? `Max-Age=${set.setCookie.maxAge} (seconds)`
        : `Expires=${new Date(set.setCookie.expires ?? 0).toUTCString()}`;
    evidence.push({
      source: 'history',
      text: `${hostAndPath(set.url)} set ${name} at ${new Date(set.at).toISOString().slice(11, 19)} with ${lifetime}: it expired before this request.`,
    });
  }
  const statement = findSignal(facts, 'expired', 'unauthenticated', 'missing-credential');
  if (statement) evidence.push(signalEvidence(statement));
  return {
    id: 'session-expired',
    title: `The session cookie ${name} had expired, so the browser no longer sent it`,
    evidence,
    fix: `${FIX_SIGN_IN} A lifetime of seconds where minutes or days were meant is a unit mix-up (express-session's maxAge is in milliseconds).`,
    confidence: 'high',
    score: 88,
    rankReason: "The session cookie's own lifetime ended before the request; nothing was sent to refuse.",
  };
}

/** The session cookie went and the server answered as to a caller who is not signed in. */
function refusedWhileSent(facts: Facts): Cause | undefined {
  if (identifyingCredentials(facts.credentials).length > 0) return undefined;
  const sent = facts.cookies.sentSessions;
  const first = sent[0];
  if (!first) return undefined;
  const { status } = facts.exchange;
  const statement = findSignal(
    facts,
    'expired',
    'unauthenticated',
    'missing-credential',
    'revoked',
    'invalid',
  );
  const authStatus = status === 401 || status === 419 || status === 440 || (status >= 300 && status < 400);
  if (!statement && !authStatus && status !== 403) return undefined;
  const saysSession = statement !== undefined && /session|sign ?in|log ?in|expired/i.test(statement.message);
  const evidence: Evidence[] = [
    {
      source: 'request',
      text: `${facts.cookies.context.sent ? 'Sent' : 'Sent (every rule of the browser lets it go with this request)'}: ${sent
        .slice(0, 3)
        .map((item) => describeJarCookie(item.cookie))
        .join('; ')}.`,
    },
  ];
  const signIn = facts.cookies.established.filter((item) => item.setCookie.name === first.cookie.name).at(-1);
  if (signIn) {
    const minutes = Math.round((facts.exchange.startedAt - signIn.at) / 60_000);
    evidence.push({
      source: 'history',
      text: `${hostAndPath(signIn.url)} set ${first.cookie.name} at ${new Date(signIn.at).toISOString().slice(11, 19)}, ${minutes} min before this request: the sign-in this session came from.`,
    });
  }
  if (statement) evidence.push(signalEvidence(statement));
  else evidence.push({ source: 'status', text: `HTTP ${status} with the session cookie on the request.` });
  // Sent by the rules, unless the browser blocks third-party cookies, which it does not tell.
  const unsure =
    !facts.cookies.context.sent &&
    facts.cookies.request.thirdPartyCookiesBlocked === undefined &&
    inThirdPartyContext(facts.cookies.request) &&
    first.cookie.partitionTopLevelSite === undefined;
  if (unsure)
    evidence.push({
      source: 'request',
      text: 'This request was made inside a page of another site: if this browser blocks third-party cookies (a setting, or an Incognito window), the cookie was not sent at all, and that is the cause.',
    });
  return {
    id: 'session-expired',
    title: `The server no longer accepts the session in ${first.cookie.name}`,
    evidence,
    fix: unsure
      ? `${FIX_SIGN_IN} If third-party cookies are blocked here, allow them for this site or use the Storage Access API / a Partitioned cookie.`
      : FIX_SIGN_IN,
    confidence: statement && !unsure ? 'high' : 'medium',
    score: unsure ? 72 : saysSession ? 87 : statement ? 86 : 74,
    rankReason: statement
      ? 'The session cookie went, and the server answered as to a caller who is not signed in: it no longer knows that session.'
      : 'The session cookie went and nothing else explains the refusal: the server does not recognise the session any more.',
  };
}

/**
 * The server says in words that the session expired (Devise's "Your session expired", Spring's
 * "Session expired"), and no token was sent: whatever the cookies show, the session is over.
 */
function saidExpired(facts: Facts): Cause | undefined {
  if (identifyingCredentials(facts.credentials).length > 0) return undefined;
  const statement = facts.signals.find(
    (signal) =>
      (signal.kind === 'expired' || signal.kind === 'unauthenticated') && /session/i.test(signal.message),
  );
  if (
    !statement ||
    (statement.kind === 'unauthenticated' && !/expired|timed? ?out|ended/i.test(statement.message))
  )
    return undefined;
  return {
    id: 'session-expired',
    title: 'The server says the session expired',
    evidence: [
      signalEvidence(statement),
      {
        source: 'request',
        text: facts.cookies.jarKnown
          ? 'No session cookie is in the browser for this site now: the server deleted it, or it expired.'
          : 'No Authorization or token header was sent: the session is the credential here.',
      },
    ],
    fix: FIX_SIGN_IN,
    confidence: 'high',
    score: 85,
    rankReason: 'The server states that the session is over.',
  };
}
