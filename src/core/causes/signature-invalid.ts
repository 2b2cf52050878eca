import { claimText } from '../tokens/claim-text.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** The server could not verify the signature: another environment's key, a rotated key, or a tampered token. */
export const signatureInvalid: CauseDetector = {
  id: 'signature-invalid',
  detect(facts) {
    const statement = findSignal(facts, 'signature-invalid');
    const unsigned = facts.jwt?.kind === 'jws' && !facts.jwt.signaturePresent;
    if (!statement && !unsigned) return undefined;
    const evidence: Evidence[] = [];
    if (statement) evidence.push(signalEvidence(statement));
    if (facts.jwt?.kind === 'jws') {
      const { alg, kid } = facts.jwt.header;
      evidence.push({
        source: 'claim',
        text: unsigned
          ? 'The token is unsigned (alg "none", empty signature): no API should accept it.'
          : `Header alg ${claimText(alg, 100)}${kid === undefined ? ', no kid' : `, kid ${claimText(kid, 200)}`}.`,
      });
    }
    return {
      id: 'signature-invalid',
      title: unsigned
        ? 'The token is unsigned (alg none)'
        : "The server could not verify the token's signature",
      evidence,
      fix: "Make sure the token comes from the issuer and environment this API trusts (staging and production sign with different keys), that the API fetches the issuer's current JWKS (keys rotate; the kid must be found), and that nothing re-encodes or edits the token in transit.",
      confidence: statement ? 'high' : 'medium',
      score: 83,
      rankReason: statement
        ? 'The server names the signature check as the one that failed.'
        : 'An unsigned token is refused by any correctly configured API.',
    };
  },
};
