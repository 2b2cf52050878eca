import { formatInstant, formatRelative } from '../time/format-relative.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

export const tokenNotYetValid: CauseDetector = {
  id: 'token-not-yet-valid',
  detect(facts) {
    const notBefore = facts.localTimes?.notBefore;
    const early = facts.localTimes?.notYetValid === true || facts.serverTimes?.notYetValid === true;
    // ASP.NET Core "not valid before", IDX10222, "jwt not active", jose nbf, and the like.
    const statement = findSignal(facts, 'not-yet-valid');
    const stated = statement && signalEvidence(statement);
    if (!early && !stated) return undefined;
    const evidence: Evidence[] = [];
    if (notBefore !== undefined) {
      evidence.push({
        source: 'claim',
        text: `nbf = ${formatInstant(notBefore)} (${formatRelative(notBefore, facts.now)}).`,
      });
    }
    if (stated) evidence.push(stated);
    return {
      id: 'token-not-yet-valid',
      title:
        notBefore !== undefined
          ? `The token only becomes valid ${formatRelative(notBefore, facts.now)}`
          : 'The server says the token is not valid yet',
      evidence,
      fix: "The token was used before its nbf time. If it was just issued, the issuer's clock runs ahead of the server's: sync both clocks (NTP) or allow a small clock tolerance on the server.",
      confidence: 'high',
      score: 84,
      rankReason: 'The nbf claim lies after the moment of the request.',
    };
  },
};
