import { claimText } from '../tokens/claim-text.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** The token was issued for another API (RFC 7519 §4.1.3 `aud`). */
export const wrongAudience: CauseDetector = {
  id: 'wrong-audience',
  detect(facts) {
    const statement = findSignal(facts, 'wrong-audience');
    if (!statement) return undefined;
    const evidence: Evidence[] = [signalEvidence(statement)];
    if (facts.jwt?.kind === 'jws' && facts.jwt.payload.aud !== undefined) {
      evidence.push({ source: 'claim', text: `The token's aud is ${claimText(facts.jwt.payload.aud)}.` });
    }
    const expected = statement.details?.expected;
    return {
      id: 'wrong-audience',
      title: expected
        ? `The token is for another audience; this API expects ${expected}`
        : 'The token was issued for another API (audience)',
      evidence,
      fix: "Request the token for this API: pass its identifier as `audience` (Auth0), `resource`/scope `api://…/.default` (Microsoft) or the right client in the authorization request, or fix the API's expected audience setting.",
      confidence: 'high',
      score: 87,
      rankReason: 'The server names the audience check as the one that failed.',
    };
  },
};
