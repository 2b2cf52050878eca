import { checkDpopProof } from '../credentials/dpop-proof.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** RFC 9449 §4.3: the DPoP proof does not match the request (htm, htu, iat, typ, key). */
export const dpopProofInvalid: CauseDetector = {
  id: 'dpop-proof-invalid',
  detect(facts) {
    const statement = findSignal(facts, 'dpop-proof');
    const proof = facts.exchange.requestHeaders.find((header) => header.name === 'dpop')?.value;
    const mismatches = proof
      ? checkDpopProof(proof, {
          method: facts.exchange.method,
          url: facts.exchange.url,
          sentAt: facts.exchange.startedAt,
        })
      : [];
    if (!statement && mismatches.length === 0) return undefined;
    const evidence: Evidence[] = [];
    if (statement) evidence.push(signalEvidence(statement));
    for (const mismatch of mismatches.slice(0, 5))
      evidence.push({ source: 'request', text: `DPoP proof: ${mismatch}.` });
    return {
      id: 'dpop-proof-invalid',
      title: mismatches[0]
        ? `The DPoP proof does not match the request: ${mismatches[0]}`
        : 'The server refused the DPoP proof',
      evidence,
      fix: 'Create a fresh proof for every request: htm = the exact method, htu = the request URL without query or fragment, a current iat and a new jti, typ dpop+jwt, signed with the key the token is bound to.',
      confidence: statement ? 'high' : 'medium',
      score: 93,
      rankReason: statement
        ? 'The server names the DPoP proof as invalid.'
        : 'The proof sent does not describe this request, which RFC 9449 §4.3 requires.',
    };
  },
};
