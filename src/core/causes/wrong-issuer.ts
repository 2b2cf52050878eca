import { claimText } from '../tokens/claim-text.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** The token comes from another identity provider or tenant (RFC 7519 §4.1.1 `iss`). */
export const wrongIssuer: CauseDetector = {
  id: 'wrong-issuer',
  detect(facts) {
    const statement = findSignal(facts, 'wrong-issuer');
    if (!statement) return undefined;
    const evidence: Evidence[] = [signalEvidence(statement)];
    if (facts.jwt?.kind === 'jws' && facts.jwt.payload.iss !== undefined) {
      evidence.push({ source: 'claim', text: `The token's iss is ${claimText(facts.jwt.payload.iss)}.` });
    }
    const expected = statement.details?.expected;
    return {
      id: 'wrong-issuer',
      title: expected
        ? `The token comes from another issuer; this API trusts ${expected}`
        : 'The token comes from an issuer this API does not trust',
      evidence,
      fix: "Sign in against the identity provider (and tenant, realm or environment) this API trusts, or add this issuer to the API's accepted issuers. A staging token sent to production is the usual culprit.",
      confidence: 'high',
      score: 86,
      rankReason: 'The server names the issuer check as the one that failed.',
    };
  },
};
