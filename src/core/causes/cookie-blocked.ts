import { missingCookieMayExplain, withheldSessionsFor } from '../cookies/cookie-causes-input.ts';
import type { WithheldReason } from '../cookies/cookie-rules.ts';
import { hostAndPath } from '../cookies/site.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';
import { describeJarCookie, REASON_FIX, reasonText } from './cookie-words.ts';

/**
 * The browser withheld the session cookie by one of its rules (SameSite, Secure, Domain, Path,
 * third-party blocking, a CHIPS partition), or refused to store it when the server set it. A
 * cookie past its own expiry is session-expired's, and a call that only lacked credentials mode is
 * cookie-not-sent's.
 */
export const cookieBlocked: CauseDetector = {
  id: 'cookie-blocked',
  detect(facts) {
    if (!missingCookieMayExplain(facts)) return undefined;
    const cookies = facts.cookies;
    const blocked = withheldSessionsFor(cookies).find((item) => browserRules(item.reasons).length > 0);
    if (blocked) {
      const rules = browserRules(blocked.reasons);
      const rule = rules[0] as WithheldReason;
      const evidence: Evidence[] = [
        { source: 'request', text: `In the jar: ${describeJarCookie(blocked.cookie)}.` },
        ...rules.map((reason) => ({
          source: 'request' as const,
          text: `Withheld: ${reasonText(reason, cookies, blocked.cookie)}.`,
        })),
      ];
      if (blocked.reasons.includes('credentials-mode'))
        evidence.push({ source: 'request', text: `Also: ${reasonText('credentials-mode', cookies)}.` });
      // A cookie of another host (localhost for 127.0.0.1, app. for api.) is an inference about
      // what the developer meant; one for this very URL withheld by a rule is certain.
      const otherHost = rule === 'domain';
      return cause(
        blocked.cookie.name,
        rule,
        evidence,
        otherHost ? 'medium' : 'high',
        otherHost ? 82 : 90,
        otherHost ? `set for ${blocked.cookie.domain}` : 'in the jar',
      );
    }
    const refused = cookies.refused.at(-1);
    if (!refused || refused.reason === 'expired') return undefined;
    const evidence: Evidence[] = [
      {
        source: refused.onFailure ? 'response-header' : 'history',
        text: `${refused.onFailure ? 'This response' : `The response of ${hostAndPath(refused.url)} at ${new Date(refused.at).toISOString().slice(11, 19)}`} set ${refused.setCookie.name}, and the browser refused to store it: ${reasonText(refused.reason, cookies, refused.setCookie)}.`,
      },
    ];
    if (cookies.jarKnown)
      evidence.push({
        source: 'request',
        text: `The jar holds no ${refused.setCookie.name} for this URL now.`,
      });
    return cause(refused.setCookie.name, refused.reason, evidence, 'high', 88, 'set by the server');
  },
};

/** The rules that are the browser's, not the call's or the cookie's age. */
function browserRules(reasons: readonly WithheldReason[]): WithheldReason[] {
  return reasons.filter((reason) => reason !== 'credentials-mode' && reason !== 'expired');
}

const RULE_TITLE: Record<WithheldReason, string> = {
  samesite: 'its SameSite attribute',
  secure: 'Secure over plain http',
  domain: 'its domain',
  path: 'its path',
  'third-party': 'third-party cookie blocking',
  partition: 'its CHIPS partition',
  'credentials-mode': 'the credentials mode',
  expired: 'its expiry',
};

function cause(
  name: string,
  rule: WithheldReason,
  evidence: Evidence[],
  confidence: Cause['confidence'],
  score: number,
  where: string,
): Cause {
  return {
    id: 'cookie-blocked',
    title: `The browser did not send the session cookie ${name} (${where}): ${RULE_TITLE[rule]}`,
    evidence,
    fix: REASON_FIX[rule],
    confidence,
    score,
    rankReason:
      'The request reached the server without its session cookie; a browser rule, not the server, kept it back.',
  };
}
