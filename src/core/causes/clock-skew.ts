import { formatDuration } from '../time/format-relative.ts';
import { isSignificantSkew } from '../time/server-clock.ts';
import type { Cause, CauseDetector } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * The two clocks disagree and the disagreement decides the outcome: the token is valid by this
 * machine's clock but not by the server's (or the reverse).
 */
export const clockSkew: CauseDetector = {
  id: 'clock-skew',
  detect(facts) {
    const stated = statedSkew(facts);
    if (stated) return stated;
    const { serverClock, localTimes, serverTimes } = facts;
    if (!serverClock || !localTimes || !serverTimes) return undefined;
    if (!isSignificantSkew(serverClock.skewMs, facts.toleranceMs)) return undefined;
    const decides =
      serverTimes.expired !== localTimes.expired || serverTimes.notYetValid !== localTimes.notYetValid;
    if (!decides) return undefined;
    const direction = serverClock.skewMs > 0 ? 'ahead of' : 'behind';
    const span = formatDuration(Math.abs(serverClock.skewMs)) ?? '0 s';
    const verdict = serverTimes.expired ? 'the token has already expired' : 'the token is not valid yet';
    return {
      id: 'clock-skew',
      title: `The server's clock is ${span} ${direction} yours: by its clock ${verdict}`,
      evidence: [
        {
          source: 'clock',
          text: `Server Date ${new Date(serverClock.serverTime).toUTCString()} vs. local ${new Date(serverClock.localTime).toUTCString()} at arrival: ${span} ${direction}.`,
        },
      ],
      fix: 'Synchronise the clocks (NTP) of this machine, the server and the token issuer; meanwhile the server can allow a clock tolerance (typically 60 s to 5 min).',
      confidence: 'high',
      score: 93,
      rankReason:
        'The token is valid by one clock and not by the other, so the skew, not the token, decides.',
    };
  },
};

/**
 * AWS says so itself: "Signature expired: A is now earlier than B (C - 5 min.)", "Signature not yet
 * current", RequestTimeTooSkewed. The two times give the exact skew of the signing clock.
 */
function statedSkew(facts: Parameters<CauseDetector['detect']>[0]): Cause | undefined {
  const statement = findSignal(facts, 'clock-skew');
  if (!statement) return undefined;
  const { requestTime, serverTime, allowedSkewMs } = statement.details ?? {};
  const skew = requestTime !== undefined && serverTime !== undefined ? serverTime - requestTime : undefined;
  const span = skew === undefined ? undefined : formatDuration(Math.abs(skew));
  const allowed = allowedSkewMs === undefined ? '' : ` (allowed: ${formatDuration(allowedSkewMs)})`;
  return {
    id: 'clock-skew',
    title:
      skew === undefined || span === undefined
        ? 'The server says the request time is outside its allowed window'
        : `The signing clock is ${span} ${skew > 0 ? 'behind' : 'ahead of'} the server's${allowed}`,
    evidence: [signalEvidence(statement)],
    fix: 'Synchronise the clock of the machine that signs the request (NTP; a laptop back from sleep, a VM or container restored from a snapshot, a wrong time zone setting), then sign again. Presigned URLs must be used within their lifetime.',
    confidence: 'high',
    score: 93,
    rankReason: 'The server states the time mismatch, and gives both clocks.',
  };
}
