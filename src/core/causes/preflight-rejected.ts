import type { CauseDetector } from './cause.ts';

/** A CORS preflight answered 401/403: browsers never attach credentials to OPTIONS preflights. */
export const preflightRejected: CauseDetector = {
  id: 'preflight-rejected',
  detect(facts) {
    const { exchange } = facts;
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
