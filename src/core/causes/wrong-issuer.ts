import { claimRejected } from './claim-rejected.ts';

/** The token comes from another identity provider or tenant (RFC 7519 §4.1.1 `iss`). */
export const wrongIssuer = claimRejected({
  id: 'wrong-issuer',
  claim: 'iss',
  titleExpected: (expected) => `The token comes from another issuer; this API trusts ${expected}`,
  title: 'The token comes from an issuer this API does not trust',
  fix: "Sign in against the identity provider (and tenant, realm or environment) this API trusts, or add this issuer to the API's accepted issuers. A staging token sent to production is the usual culprit.",
  score: 86,
  rankReason: 'The server names the issuer check as the one that failed.',
});
