import type { Exchange } from '../core/exchange.ts';
import { formatInstant } from '../core/time/format-relative.ts';
import { CLIENT_AUTH_WORDS } from '../core/token-endpoint/client-auth-words.ts';
import type { IssuedToken } from '../core/token-endpoint/token-request.ts';
import { clip } from './format.ts';

/**
 * What a token request asked for and what it got, as read on the page: the grant, the client, the
 * scopes, which secrets went (fingerprints only: their values never left the page), and the tokens
 * a successful grant issued. Every value is page-controlled text.
 */
export function TokenRequestView({ exchange }: { exchange: Exchange }) {
  const request = exchange.tokenRequest;
  if (!request) return null;
  const answer = exchange.tokenResponse;
  return (
    <dl
      class="credential token-request"
      data-testid="token-request"
      data-grant={clip(request.grantType, 100)}
    >
      <dt>Grant</dt>
      <dd data-testid="token-request-grant">
        <code>{clip(request.grantType, 200)}</code>
        {request.flow ? (
          <>
            {' '}
            (<code>{clip(request.flow, 100)}</code>)
          </>
        ) : null}
      </dd>
      {request.clientId ? (
        <>
          <dt>Client</dt>
          <dd>
            <code data-testid="token-request-client">{clip(request.clientId, 200)}</code>
          </dd>
        </>
      ) : null}
      <dt>Client auth</dt>
      <dd>{CLIENT_AUTH_WORDS[request.clientAuth]}</dd>
      {request.scope ? (
        <>
          <dt>Scope</dt>
          <dd>
            <code>{clip(request.scope, 500)}</code>
          </dd>
        </>
      ) : null}
      {request.audience ? (
        <>
          <dt>Audience</dt>
          <dd>
            <code>{clip(request.audience, 300)}</code>
          </dd>
        </>
      ) : null}
      {request.redirectUri ? (
        <>
          <dt>Redirect URI</dt>
          <dd>
            <code>{clip(request.redirectUri, 300)}</code>
          </dd>
        </>
      ) : null}
      <dt>Secrets sent</dt>
      <dd data-testid="token-request-secrets">
        {request.secrets.length === 0
          ? 'none in the body'
          : request.secrets.slice(0, 16).map((secret, index) => (
              <span key={`${index}:${secret.field}`} class="token-secret">
                {index > 0 ? ', ' : ''}
                <code>{clip(secret.field, 60)}</code>
                {secret.fingerprint ? (
                  <>
                    {' '}
                    (fingerprint <code>{secret.fingerprint}</code>)
                  </>
                ) : null}
              </span>
            ))}
        <span class="muted"> — values are not kept</span>
      </dd>
      {answer ? (
        <>
          <dt>Issued</dt>
          <dd data-testid="token-response">
            {issuedLine('access token', answer.accessToken)}
            {issuedLine('refresh token', answer.refreshToken)}
            {issuedLine('ID token', answer.idToken)}
            {answer.expiresIn !== undefined ? <span> expires in {answer.expiresIn} s.</span> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function issuedLine(label: string, issued: IssuedToken | undefined) {
  if (!issued) return null;
  const exp = issued.claims?.exp;
  return (
    <span class="token-issued">
      {label} <code>{issued.fingerprint}</code>
      {exp !== undefined ? ` (valid until ${formatInstant(exp * 1000)})` : ''};{' '}
    </span>
  );
}
