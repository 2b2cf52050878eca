import { asksForHeaderCredential, withheldSessionsFor } from '../cookies/cookie-causes-input.ts';
import type { CookieFacts } from '../cookies/cookie-facts.ts';
import { challengeText } from '../facts.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

const TOKEN_STATEMENTS: ReadonlySet<string> = new Set([
  'expired',
  'not-yet-valid',
  'revoked',
  'wrong-audience',
  'wrong-issuer',
  'signature-invalid',
  'invalid',
]);

/** The request reached an auth-protected resource with no credential at all. */
export const tokenMissing: CauseDetector = {
  id: 'token-missing',
  detect(facts) {
    if (facts.credentials.length > 0) return undefined;
    // A session cookie is a credential of a kind, unless the server challenges for a header one.
    if (!asksForHeaderCredential(facts.challenge.challenges) && hasCookieSession(facts.cookies))
      return undefined;
    const challenge = challengeText(facts);
    const statement = findSignal(facts, 'missing-credential', 'unauthenticated');
    // The server speaks of a token it received (sent in a JSON body, which we do not read as a
    // credential): then something was sent, and that statement is the diagnosis.
    // A statement that the credential is missing ("…missing 'Authorization' header") settles it.
    const speaksOfToken = facts.signals.some(
      (signal) =>
        TOKEN_STATEMENTS.has(signal.kind) &&
        // A bare "invalid credentials" from a server no family knows is said to empty requests too.
        !(signal.kind === 'invalid' && signal.family === 'generic') &&
        /token|jwt|credential|key|session/i.test(signal.message),
    );
    if (speaksOfToken && statement === undefined) return undefined;
    // Only when the server asks for authentication: a bare 403 without a challenge or an auth
    // statement may be a permission, WAF or CSRF refusal that no token would fix.
    const asksForCredential =
      challenge !== undefined || facts.signals.length > 0 || facts.exchange.status !== 403;
    if (!asksForCredential) return undefined;
    // RFC 6750 §3.1: a server SHOULD NOT include an error code when the request lacked credentials,
    // so a bare challenge is the server itself saying "you sent nothing".
    const bareChallenge = facts.bearerError !== undefined && facts.bearerError.error === undefined;
    const evidence: Evidence[] = [
      {
        source: 'request',
        text: 'No Authorization, API-key or token header, and no token in the URL, was sent with this request.',
      },
    ];
    if (challenge) evidence.push({ source: 'response-header', text: challenge });
    if (statement && statement.where === 'response-body') evidence.push(signalEvidence(statement));
    return {
      id: 'token-missing',
      title: 'The request was sent without any credential',
      evidence,
      fix: 'Attach the token where the request is made (an HTTP client interceptor or the fetch call), and check that the code path runs after sign-in has stored the token.',
      confidence: bareChallenge || statement || facts.exchange.status === 401 ? 'high' : 'medium',
      score: bareChallenge ? 90 : 75,
      rankReason: bareChallenge
        ? 'The server answered with a challenge without an error code, which RFC 6750 §3.1 reserves for requests that carried no credential.'
        : 'No credential header was on the wire; nothing else needs to be wrong for this to fail.',
    };
  },
};

/**
 * A session cookie sent, withheld, refused or ended is a credential of a kind: the cookie causes
 * say what happened to it, and "no credential was sent" would be wrong (issue 18).
 */
function hasCookieSession(cookies: CookieFacts): boolean {
  return (
    cookies.sentSessions.length > 0 ||
    cookies.refused.length > 0 ||
    cookies.deleted.length > 0 ||
    cookies.lapsed.length > 0 ||
    cookies.cors !== undefined ||
    withheldSessionsFor(cookies).length > 0
  );
}
