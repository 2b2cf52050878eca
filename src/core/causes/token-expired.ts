import { identifyingCredentials } from '../cookies/cookie-causes-input.ts';
import { formatInstant, formatRelative } from '../time/format-relative.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

export const tokenExpired: CauseDetector = {
  id: 'token-expired',
  detect(facts) {
    const expiresAt = facts.localTimes?.expiresAt;
    const expiredLocally = facts.localTimes?.expired === true;
    const expiredOnServer = facts.serverTimes?.expired === true;
    // Any vendor's "expired" (RFC 6750 description, IDX10223, "jwt expired", jose, Slack, Firebase, Cognito).
    const statement = findSignal(facts, 'expired');
    const stated = statement && signalEvidence(statement);
    if (!expiredLocally && !expiredOnServer && !stated) return undefined;
    // "Your session expired" to a request that carried no token is a cookie session's ending
    // (session-expired, issue 18), not a token's.
    if (
      !expiredLocally &&
      !expiredOnServer &&
      statement &&
      identifyingCredentials(facts.credentials).length === 0 &&
      /session/i.test(statement.message) &&
      !/token|jwt/i.test(statement.message)
    )
      return undefined;

    const evidence: Evidence[] = [];
    if (expiresAt !== undefined) {
      evidence.push({
        source: 'claim',
        text: `exp = ${formatInstant(expiresAt)} (${formatRelative(expiresAt, facts.now)}); the request was sent ${formatRelative(facts.exchange.startedAt, expiresAt).replace(/^in /, '')} after it${expiredLocally ? '' : ' by the server clock'}.`,
      });
    }
    if (stated) evidence.push(stated);

    const title =
      expiresAt !== undefined
        ? `The token expired ${formatRelative(expiresAt, facts.now)}${expiredLocally ? '' : ' (by the server clock)'}`
        : 'The server says the token has expired';
    return {
      id: 'token-expired',
      title,
      evidence,
      fix: 'Get a new token before it expires: refresh it with the refresh token (or silent renew) when `exp` is near, and retry the request once after a 401 with a refreshed token.',
      confidence: expiredLocally || stated ? 'high' : 'medium',
      score: stated && expiredLocally ? 88 : 85,
      rankReason: stated
        ? `The server states the token expired${expiredLocally ? ', and its exp claim agrees.' : '.'}`
        : 'The exp claim lies before the moment of the request; servers reject expired tokens.',
    };
  },
};
