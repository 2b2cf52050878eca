import { missingCookieMayExplain, withheldSessionsFor } from '../cookies/cookie-causes-input.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { describeJarCookie, REASON_FIX, reasonText } from './cookie-words.ts';

/**
 * The page did not ask for cookies on a cross-origin call (fetch defaults to credentials
 * "same-origin"; XHR needs withCredentials): the session cookie stayed in the jar although every
 * cookie rule would have let it go.
 */
export const cookieNotSent: CauseDetector = {
  id: 'cookie-not-sent',
  detect(facts) {
    if (!missingCookieMayExplain(facts)) return undefined;
    const cookies = facts.cookies;
    const onlyMode = withheldSessionsFor(cookies).filter(
      (item) => item.reasons.length === 1 && item.reasons[0] === 'credentials-mode',
    );
    const first = onlyMode[0];
    if (!first) return undefined;
    const evidence: Evidence[] = [
      { source: 'request', text: `No cookie went: ${reasonText('credentials-mode', cookies)}.` },
      {
        source: 'request',
        text: `In the jar for this URL, and allowed by its attributes: ${onlyMode
          .slice(0, 3)
          .map((item) => describeJarCookie(item.cookie))
          .join('; ')}.`,
      },
    ];
    return {
      id: 'cookie-not-sent',
      title: `The session cookie ${first.cookie.name} was not sent: the page did not ask for credentials on this cross-origin call`,
      evidence,
      fix: REASON_FIX['credentials-mode'],
      confidence: 'high',
      score: 89,
      rankReason:
        "The session cookie exists and its attributes allow this request; only the call's credentials mode kept it home.",
    };
  },
};
