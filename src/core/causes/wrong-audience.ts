import { claimRejected } from './claim-rejected.ts';

/** The token was issued for another API (RFC 7519 §4.1.3 `aud`). */
export const wrongAudience = claimRejected({
  id: 'wrong-audience',
  claim: 'aud',
  titleExpected: (expected) => `The token is for another audience; this API expects ${expected}`,
  title: 'The token was issued for another API (audience)',
  fix: "Request the token for this API: pass its identifier as `audience` (Auth0), `resource`/scope `api://…/.default` (Microsoft) or the right client in the authorization request, or fix the API's expected audience setting.",
  score: 87,
  rankReason: 'The server names the audience check as the one that failed.',
});
