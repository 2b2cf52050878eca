import { challengeText } from '../facts.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * The generic verdict: a credential was sent and refused, and nothing more specific explains it.
 * It always ranks below specific causes.
 */
export const tokenRejected: CauseDetector = {
  id: 'token-rejected',
  detect(facts) {
    // "Unauthenticated" with a credential on the request: it was sent and not accepted.
    const statement = findSignal(facts, 'invalid') ?? findSignal(facts, 'unauthenticated');
    // A credential in a header or the URL, or one the server speaks of (sent in a JSON body).
    if (facts.credentials.length === 0 && (!statement || statement.family === 'generic')) return undefined;
    // insufficient_scope means the token was accepted, just not for this operation.
    if (facts.bearerError?.error === 'insufficient_scope') return undefined;
    const stated = facts.bearerError?.error === 'invalid_token' || statement !== undefined;
    const evidence: Evidence[] = [
      {
        source: 'status',
        text: `HTTP ${facts.exchange.status} in answer to a request that carried ${facts.credentials.map((credential) => credential.location.name).join(', ') || 'a credential in its body'}.`,
      },
    ];
    const challenge = challengeText(facts);
    if (challenge) evidence.push({ source: 'response-header', text: challenge });
    if (statement && !challenge) evidence.push(signalEvidence(statement));
    const description = facts.bearerError?.description ?? statement?.message;
    return {
      id: 'token-rejected',
      title: description
        ? `The server rejected the token: ${description}`
        : 'The server rejected the credential',
      evidence,
      fix: "Check that the token was issued for this API (audience, issuer, environment) and has not been revoked; the server's logs will name the exact check that failed.",
      confidence: stated ? 'medium' : 'low',
      score: stated ? 40 : 30,
      rankReason: 'A generic verdict: the server refused the credential but no specific cause was found.',
    };
  },
};
