import { scoreOf, type TokenFailure } from '../token-endpoint/classify-token-failure.ts';
import { CLIENT_AUTH_WORDS } from '../token-endpoint/client-auth-words.ts';
import { grantWords, tokenAnswerLine, tokenRequestLine } from '../token-endpoint/describe-token-exchange.ts';
import type { TokenRequest } from '../token-endpoint/token-request.ts';
import type { CauseDetector } from './cause.ts';

/**
 * A token endpoint refused something other than a refresh token: the client's own credentials
 * (`client-auth-failed`), a login's grant (`login-failed`), or the request itself
 * (`token-request-rejected`). Each is about the token exchange it is diagnosed on.
 */

function detector(kind: 'client-auth-failed' | 'login-failed' | 'token-request-rejected'): CauseDetector {
  return {
    id: kind,
    detect(facts) {
      const failure = facts.tokenFailure;
      if (failure?.kind !== kind) return undefined;
      const exchange = facts.exchange;
      const request = exchange.tokenRequest as TokenRequest;
      const base = {
        evidence: [
          { source: 'request' as const, text: tokenRequestLine(exchange) },
          {
            source: failure.error ? ('response-body' as const) : ('status' as const),
            text: tokenAnswerLine(exchange, failure),
          },
          ...(kind === 'client-auth-failed'
            ? [
                {
                  source: 'request' as const,
                  text: `Client authentication: ${CLIENT_AUTH_WORDS[request.clientAuth]}.`,
                },
              ]
            : []),
        ],
        confidence: 'high' as const,
        score: scoreOf(failure),
        rankReason: 'The token endpoint states why it refused the request.',
      };
      if (kind === 'client-auth-failed')
        return {
          id: kind,
          title: `The token endpoint did not accept the client's credentials${request.clientId ? ` (client ${request.clientId})` : ''}`,
          fix: clientFix(request, failure),
          ...base,
        };
      if (kind === 'login-failed')
        return { id: kind, title: loginTitle(request, failure), fix: loginFix(request, failure), ...base };
      return {
        id: kind,
        title: `The token endpoint rejected the ${grantWords(request)} request${failure.error ? `: ${failure.error.code}` : ''}`,
        fix: requestFix(request, failure),
        ...base,
      };
    },
  };
}

export const clientAuthFailed = detector('client-auth-failed');
export const loginFailed = detector('login-failed');
export const tokenRequestRejected = detector('token-request-rejected');

function clientFix(request: TokenRequest, failure: TokenFailure): string {
  const aadsts = failure.error?.aadsts;
  if (aadsts === 'AADSTS7000222')
    return "The client secret has expired: create a new one in the app registration's Certificates & secrets and deploy it.";
  if (aadsts === 'AADSTS700016')
    return 'No application with this client id exists in the tenant: check the client id and the tenant in the token URL.';
  if (request.clientAuth === 'none')
    return 'The provider expects this client to authenticate: send the client secret (or assertion) the registration requires, or register the client as public (a SPA or native app) if it cannot keep a secret.';
  return `Check the client id and secret (a rotated or expired secret, a copy with white space), and that the registered authentication method is the one the app uses (it sent ${request.clientAuth === 'basic' ? 'client_secret_basic' : request.clientAuth === 'post' ? 'client_secret_post' : 'an assertion'}).`;
}

function loginTitle(request: TokenRequest, failure: TokenFailure): string {
  const words = grantWords(request);
  if (failure.serverError)
    return `The token endpoint failed during the ${words} (${failure.error?.code ?? 'server error'})`;
  return `The token endpoint refused the ${words}${failure.error ? `: ${failure.error.code}` : ''}`;
}

function loginFix(request: TokenRequest, failure: TokenFailure): string {
  const text = `${failure.error?.code ?? ''} ${failure.error?.description ?? ''}`;
  switch (request.grantType) {
    case 'authorization_code':
      if (/redirect/i.test(text))
        return 'Send the same redirect_uri to the token endpoint as in the authorization request, character for character.';
      if (/verifier|pkce|code_challenge/i.test(text))
        return "Send the PKCE code_verifier that belongs to this code's code_challenge (keep it per sign-in attempt, not shared across tabs).";
      return 'An authorization code is single-use and short-lived: redeem it once, at once (a second redemption, a page reload or a double-mounted component fail), with the redirect_uri and code_verifier of the same sign-in.';
    case 'password':
      return 'The username or password was refused (or the account is locked, disabled or unconfirmed): check the credentials; the resource-owner password grant is also refused for accounts that need MFA or federation.';
    case 'urn:ietf:params:oauth:grant-type:device_code':
      return 'The device code expired or the user declined: start the device flow again.';
    default:
      return 'The grant was refused: sign the user in again, and check the grant parameters against the provider documentation.';
  }
}

function requestFix(request: TokenRequest, failure: TokenFailure): string {
  switch (failure.error?.code.toLowerCase()) {
    case 'unsupported_grant_type':
      return `The provider does not support the ${grantWords(request)} here: check grant_type's spelling and enable the grant for this client.`;
    case 'unauthorized_client':
      return `This client is not allowed the ${grantWords(request)}: enable it in the client's settings at the provider${request.grantType === 'refresh_token' ? ' (refresh tokens often need offline_access or a "refresh token" switch)' : ''}.`;
    case 'invalid_scope':
      return `The scope asked for${request.scope ? ` ("${request.scope}")` : ''} is not allowed: request scopes the client is registered for; a refresh may ask only for scopes granted at login, so request them at login.`;
    default:
      return 'A parameter is missing, repeated or malformed: compare the request with the provider documentation for its token endpoint (content type, grant_type, client_id, redirect_uri).';
  }
}
