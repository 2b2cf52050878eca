import { claimText } from '../tokens/claim-text.ts';
import type { CauseDetector, CauseId, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * A cause the server states about one registered claim (aud, iss): its words, the claim's value
 * in the token, and what the server expected when it says so. One shape for every such claim.
 */
export function claimRejected(spec: {
  id: Extract<CauseId, 'wrong-audience' | 'wrong-issuer'>;
  claim: 'aud' | 'iss';
  titleExpected: (expected: string) => string;
  title: string;
  fix: string;
  score: number;
  rankReason: string;
}): CauseDetector {
  return {
    id: spec.id,
    detect(facts) {
      const statement = findSignal(facts, spec.id);
      if (!statement) return undefined;
      const evidence: Evidence[] = [signalEvidence(statement)];
      const value = facts.jwt?.kind === 'jws' ? facts.jwt.payload[spec.claim] : undefined;
      if (value !== undefined) {
        evidence.push({ source: 'claim', text: `The token's ${spec.claim} is ${claimText(value)}.` });
      }
      const expected = statement.details?.expected;
      return {
        id: spec.id,
        title: expected ? spec.titleExpected(expected) : spec.title,
        evidence,
        fix: spec.fix,
        confidence: 'high',
        score: spec.score,
        rankReason: spec.rankReason,
      };
    },
  };
}
