import type { CauseDetector } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** RFC 9449 §8/§9: the server wants its nonce in the DPoP proof; the first 401 is expected. */
export const dpopNonceRequired: CauseDetector = {
  id: 'dpop-nonce-required',
  detect(facts) {
    const statement = findSignal(facts, 'dpop-nonce');
    if (!statement) return undefined;
    return {
      id: 'dpop-nonce-required',
      title: 'The server requires its DPoP nonce in the proof: retry with the nonce it sent',
      evidence: [
        signalEvidence(statement),
        {
          source: 'response-header',
          text: statement.details?.nonce
            ? `DPoP-Nonce: ${statement.details.nonce}`
            : 'No DPoP-Nonce header was readable.',
        },
      ],
      fix: 'Build a new DPoP proof with a `nonce` claim set to the DPoP-Nonce response header and retry once (RFC 9449 §9). DPoP libraries do this automatically when the retry path is wired up; a loop of these 401s means the nonce is not being stored.',
      confidence: 'high',
      score: 95,
      rankReason: 'The server names use_dpop_nonce, a precise and recoverable condition.',
    };
  },
};
