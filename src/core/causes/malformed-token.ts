import type { CauseDetector } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** The token is meant to be a JWT but does not decode: truncated, mangled or double-encoded. */
export const malformedToken: CauseDetector = {
  id: 'malformed-token',
  detect(facts) {
    const statement = findSignal(facts, 'malformed-credential');
    if (statement && facts.jwt?.kind !== 'invalid' && facts.credentials.length > 0) {
      return {
        id: 'malformed-token',
        title: 'The server could not parse the credential',
        evidence: [signalEvidence(statement)],
        fix: 'Compare the sent value with the one that was issued: look for truncation, extra characters, double encoding or a value of the wrong kind in this header.',
        confidence: 'medium',
        score: 80,
        rankReason: 'The server states the credential is malformed.',
      };
    }
    if (facts.jwt?.kind !== 'invalid' || facts.token === undefined) return undefined;
    return {
      id: 'malformed-token',
      title: 'The token looks like a JWT but does not decode',
      evidence: [{ source: 'request', text: `Decoding failed: ${facts.jwt.reason}.` }],
      fix: 'Compare the sent token with the one the identity provider issued: it was probably cut (length limits, a cookie size limit), URL-encoded twice, or concatenated with something else.',
      confidence: 'high',
      score: 92,
      rankReason: 'A token that cannot be decoded cannot be validated, whatever else is true of it.',
    };
  },
};
