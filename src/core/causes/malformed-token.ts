import type { CauseDetector } from './cause.ts';

/** The token is meant to be a JWT but does not decode: truncated, mangled or double-encoded. */
export const malformedToken: CauseDetector = {
  id: 'malformed-token',
  detect(facts) {
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
