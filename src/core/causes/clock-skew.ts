import { formatDuration } from '../time/format-relative.ts';
import { isSignificantSkew } from '../time/server-clock.ts';
import type { CauseDetector } from './cause.ts';

/**
 * The two clocks disagree and the disagreement decides the outcome: the token is valid by this
 * machine's clock but not by the server's (or the reverse).
 */
export const clockSkew: CauseDetector = {
  id: 'clock-skew',
  detect(facts) {
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
