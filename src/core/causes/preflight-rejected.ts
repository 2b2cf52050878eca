import { blockedCredentialedCrossOriginCall } from '../page-view.ts';
import type { Cause, CauseDetector } from './cause.ts';

/**
 * A CORS preflight answered 401/403: browsers never attach credentials to OPTIONS preflights. Seen
 * by the network layer as the OPTIONS itself; seen from the page alone (before network capture was
 * on for the tab) as a credentialed cross-origin call that ended in a bare network error.
 */
export const preflightRejected: CauseDetector = {
  id: 'preflight-rejected',
  detect(facts) {
    const { exchange } = facts;
    if (exchange.method !== 'OPTIONS' && blockedCredentialedCrossOriginCall(exchange))
      return blockedBeforeAnswer(exchange.url);
    if (exchange.method !== 'OPTIONS' || (exchange.status !== 401 && exchange.status !== 403))
      return undefined;
    return {
      id: 'preflight-rejected',
      title: 'The server demanded a credential on the CORS preflight, which browsers never send',
      evidence: [
        { source: 'status', text: `OPTIONS ${new URL(exchange.url).pathname} → ${exchange.status}` },
        {
          source: 'request',
          text: 'The Fetch standard sends CORS preflights without credentials, so no token can ever make this pass.',
        },
      ],
      fix: 'Answer OPTIONS before the authentication check: let the CORS handler reply to preflights (with Access-Control-Allow-Headers: Authorization) and exempt OPTIONS from the auth middleware.',
      confidence: 'high',
      score: 97,
      rankReason: 'The failure is on the preflight itself; the real request was never sent.',
    };
  },
};

function blockedBeforeAnswer(url: string): Cause {
  return {
    id: 'preflight-rejected',
    title: 'The browser blocked this credentialed cross-origin call before any answer reached the page',
    evidence: [
      { source: 'status', text: `${url} → network error (no status reached the page)` },
      {
        source: 'request',
        text: 'A credential header makes a cross-origin call non-simple: the browser sends a CORS preflight (OPTIONS, without credentials) first, and a preflight refused with 401/403 or without Access-Control-Allow-Headers: Authorization ends the call like this.',
      },
      {
        source: 'request',
        text: 'Seen from the page only: repeat the action to see the preflight itself (network capture is on for this tab from now on).',
      },
    ],
    fix: 'Answer OPTIONS before the authentication check, with Access-Control-Allow-Origin for this page and Access-Control-Allow-Headers: Authorization; if the server was simply unreachable, the repeat will show it.',
    confidence: 'medium',
    score: 80,
    rankReason:
      'Nothing but a refused preflight or CORS check blocks a credentialed cross-origin call with no answer at all, apart from an unreachable server.',
  };
}
