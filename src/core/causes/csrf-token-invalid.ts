import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** Laravel 419, Django "CSRF verification failed", Rails InvalidAuthenticityToken: a CSRF check, not a token problem. */
export const csrfTokenInvalid: CauseDetector = {
  id: 'csrf-token-invalid',
  detect(facts) {
    const statement = findSignal(facts, 'csrf');
    if (!statement && facts.exchange.status !== 419) return undefined;
    const evidence: Evidence[] = [];
    if (statement) evidence.push(signalEvidence(statement));
    if (facts.exchange.status === 419)
      evidence.push({
        source: 'status',
        text: 'HTTP 419: Laravel\'s "Page Expired" (CSRF token mismatch or session expired).',
      });
    const sent = facts.exchange.requestHeaders.find(
      (header) => header.name === 'x-csrf-token' || header.name === 'x-xsrf-token',
    );
    evidence.push({
      source: 'request',
      text: sent ? `${sent.name} was sent.` : 'No X-CSRF-Token / X-XSRF-Token header was sent.',
    });
    return {
      id: 'csrf-token-invalid',
      title: sent
        ? 'The CSRF token was refused (stale or from another session)'
        : 'The request lacks the CSRF token the server requires',
      evidence,
      fix: 'Send the CSRF token with state-changing requests (the X-CSRF-Token / X-XSRF-Token header from the meta tag or XSRF-TOKEN cookie), refresh it after sign-in (the session changes), and make sure the session cookie is sent (credentials: "include", SameSite).',
      confidence: statement ? 'high' : 'medium',
      score: 92,
      rankReason: 'A CSRF failure is decided before the credential is looked at.',
    };
  },
};
