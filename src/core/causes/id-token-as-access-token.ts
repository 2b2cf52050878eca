import type { CauseDetector, Evidence } from './cause.ts';

/**
 * An OpenID Connect ID token sent to an API. ID tokens are for the client (OIDC Core §2): they
 * carry `nonce`/`at_hash`, Cognito marks them `token_use: id`, and their `aud` is the client id.
 * Access tokens (RFC 9068) carry `scope`/`scp`, `client_id` and often `typ: at+jwt`.
 */
export const idTokenAsAccessToken: CauseDetector = {
  id: 'id-token-as-access-token',
  detect(facts) {
    if (facts.jwt?.kind !== 'jws') return undefined;
    const { header, payload } = facts.jwt;
    const clues: Evidence[] = [];
    if (payload.token_use === 'id')
      clues.push({ source: 'claim', text: 'token_use = "id" (Amazon Cognito ID token)' });
    if (typeof payload.nonce === 'string')
      clues.push({ source: 'claim', text: 'nonce is present (only ID tokens carry it)' });
    if (typeof payload.at_hash === 'string')
      clues.push({ source: 'claim', text: 'at_hash is present (only ID tokens carry it)' });
    const accessLike =
      payload.token_use === 'access' ||
      header.typ === 'at+jwt' ||
      header.typ === 'application/at+jwt' ||
      payload.scope !== undefined ||
      payload.scp !== undefined;
    if (clues.length === 0 || accessLike) return undefined;
    // API Gateway's Cognito user pool authorizers accept ID tokens (AWS docs), so there an ID token
    // is not the mistake.
    const apiGateway = facts.exchange.responseHeaders.some((item) => item.name === 'x-amz-apigw-id');
    if (apiGateway && payload.token_use === 'id') return undefined;
    return {
      id: 'id-token-as-access-token',
      title: 'An ID token was sent where the API expects an access token',
      evidence: clues,
      fix: 'Send the access_token from the token response, not the id_token. ID tokens prove the sign-in to the client; APIs validate access tokens (audience, scopes).',
      confidence: clues.length > 1 ? 'high' : 'medium',
      score: 91,
      rankReason: 'More specific than "wrong audience": the token is of the wrong type altogether.',
    };
  },
};
