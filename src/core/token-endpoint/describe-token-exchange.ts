import type { Exchange } from '../exchange.ts';
import { redactUrl } from '../redact/redact-url.ts';
import type { TokenFailure } from './classify-token-failure.ts';
import type { TokenRequest } from './token-request.ts';

/** Grants in words, for titles and evidence. */
const GRANT_WORDS: Record<string, string> = {
  refresh_token: 'refresh',
  authorization_code: 'authorization-code exchange',
  client_credentials: 'client-credentials grant',
  password: 'password sign-in',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'token exchange',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'JWT-bearer grant',
  'urn:ietf:params:oauth:grant-type:device_code': 'device-code grant',
  'urn:openid:params:grant-type:ciba': 'CIBA grant',
  custom_token: 'custom-token sign-in',
  idp: 'identity-provider sign-in',
  email_link: 'email-link sign-in',
  custom: 'custom sign-in',
};

export function grantWords(request: TokenRequest): string {
  return Object.hasOwn(GRANT_WORDS, request.grantType)
    ? (GRANT_WORDS[request.grantType] as string)
    : `${request.grantType} grant`;
}

/** "POST login.example.com/oauth/token (refresh, client web-app)" — the URL redacted, no secret. */
export function tokenRequestLine(exchange: Exchange): string {
  const request = exchange.tokenRequest as TokenRequest;
  const where = hostAndPath(exchange.url);
  const details = [grantWords(request)];
  if (request.flow && request.flow !== request.grantType) details.push(request.flow);
  if (request.clientId) details.push(`client ${request.clientId}`);
  return `${exchange.method} ${where} (${details.join(', ')})`;
}

/** The endpoint's answer in one line: "400 invalid_grant: Token is not active". */
export function tokenAnswerLine(exchange: Exchange, failure: TokenFailure): string {
  if (failure.error) return `${exchange.status} ${failure.error.quote}`;
  return failure.serverError
    ? `${exchange.status}: the token endpoint itself failed`
    : `${exchange.status} with no error the endpoint named`;
}

export function hostAndPath(url: string): string {
  try {
    const parsed = new URL(redactUrl(url));
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}
