import type { Exchange } from '../exchange.ts';
import { CLIENT_AUTH_WORDS } from '../token-endpoint/client-auth-words.ts';
import type { IssuedToken } from '../token-endpoint/token-request.ts';
import { codeSpan } from './markdown-escape.ts';
import { isoTime } from './report-claims.ts';
import type { TextFormatter } from './report-sections.ts';

/**
 * A token request in a report (issue 17): what was asked for and by which client, and which
 * secrets went with it by name only. A report is shared, so not even their fingerprints go in.
 */
export function tokenRequestSection(exchange: Exchange, text: TextFormatter): string[] {
  const request = exchange.tokenRequest;
  if (!request) return [];
  const lines = [
    '#### Token request',
    '',
    `- Grant: ${codeSpan(request.grantType, 200)}${request.flow ? ` (${codeSpan(request.flow, 100)})` : ''}`,
  ];
  if (request.clientId) lines.push(`- Client: ${codeSpan(request.clientId, 200)}`);
  lines.push(`- Client authentication: ${CLIENT_AUTH_WORDS[request.clientAuth]}`);
  if (request.scope) lines.push(`- Scope: ${text(request.scope, 500)}`);
  if (request.audience) lines.push(`- Audience: ${text(request.audience, 300)}`);
  if (request.redirectUri) lines.push(`- Redirect URI: ${text(request.redirectUri, 300)}`);
  lines.push(
    `- Secrets sent: ${request.secrets.length ? request.secrets.map((secret) => codeSpan(secret.field, 60)).join(', ') : 'none in the body'} (values are never recorded)`,
  );
  const answer = exchange.tokenResponse;
  if (answer) {
    const issued = [
      issuedText('access token', answer.accessToken),
      issuedText('refresh token', answer.refreshToken),
      issuedText('ID token', answer.idToken),
    ].filter((item) => item !== '');
    lines.push(`- Issued: ${issued.join(', ')}`);
  }
  return lines;
}

function issuedText(label: string, issued: IssuedToken | undefined): string {
  if (!issued) return '';
  const exp = issued.claims?.exp;
  return exp === undefined ? label : `${label} (valid until ${isoTime(exp * 1000)})`;
}
