import type { CauseDetector } from './cause.ts';

/**
 * The request carried a credential, was redirected to another origin, and arrived without it:
 * browsers strip Authorization on cross-origin redirects (Fetch standard; Chrome 119+).
 */
export const credentialDroppedOnRedirect: CauseDetector = {
  id: 'credential-dropped-on-redirect',
  detect(facts) {
    const from = facts.exchange.redirectedFrom;
    if (!from?.carriedCredential || facts.credentialHeaders.length > 0) return undefined;
    const fromOrigin = originOf(from.url);
    const toOrigin = originOf(facts.exchange.url);
    return {
      id: 'credential-dropped-on-redirect',
      title: `The credential was dropped when ${fromOrigin} redirected to ${toOrigin}`,
      evidence: [
        { source: 'request', text: `First hop ${from.url} carried a credential, then redirected.` },
        {
          source: 'request',
          text: `Final hop ${facts.exchange.url} arrived without one (cross-origin redirect).`,
        },
      ],
      fix: 'Call the final URL directly (fix the base URL, trailing slash or http→https redirect that causes the hop), or keep the redirect on the same origin; browsers will not forward Authorization across origins.',
      confidence: 'high',
      score: 96,
      rankReason:
        'The credential was present before the redirect and absent after it: the redirect removed it.',
    };
  },
};

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
