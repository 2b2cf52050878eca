import type { CookieSessionView } from '../cookies/cookie-view.ts';
import type { CredentialSummary } from '../credential-summary.ts';
import { isPlaceholderValue } from '../credentials/parse-authorization.ts';
import type { Exchange, ExchangeSource } from '../exchange.ts';
import {
  redactAuthorizationValue,
  redactHeader,
  redactText,
  redactUrl,
} from '../redact/redact-credential.ts';
import { redactQueryValue } from '../redact/redact-url.ts';
import { formatRelative } from '../time/format-relative.ts';
import { codeSpan, fencedBlock } from './markdown-escape.ts';
import { isoTime } from './report-claims.ts';

/** Redacts with the request's secrets, then escapes for inline Markdown. */
export type TextFormatter = (value: string, limit?: number) => string;

const SOURCES: Readonly<Record<ExchangeSource, string>> = {
  network: 'network (webRequest)',
  page: 'page (fetch/XHR observer)',
  devtools: 'DevTools network log',
};

/** The response headers that state why a request failed (RFC 9110 §11.6.1, AWS, Microsoft). */
const EXPLAINING_HEADERS: ReadonlyMap<string, string> = new Map([
  ['www-authenticate', 'WWW-Authenticate'],
  ['proxy-authenticate', 'Proxy-Authenticate'],
  ['x-amzn-errortype', 'x-amzn-ErrorType'],
  ['x-amz-error-code', 'x-amz-error-code'],
  ['x-amz-error-message', 'x-amz-error-message'],
  ['x-ms-error-code', 'x-ms-error-code'],
]);

export const BODY_EXCERPT = 2000;
const MAX_HEADER_VALUE = 2000;

export function requestSection(
  exchange: Exchange,
  now: number,
  secrets: readonly string[],
  text: TextFormatter,
  tabUrl?: string,
): string[] {
  const url = (value: string) => codeSpan(redactText(redactUrl(value), secrets), 2000);
  const status = exchange.status === 0 ? '0 (no response)' : String(exchange.status);
  const lines = [
    '#### Request',
    '',
    `- **Method:** ${codeSpan(exchange.method, 40)}`,
    `- **URL:** ${url(exchange.url)}`,
    `- **Status:** ${status}${exchange.error ? ` (${text(exchange.error, 200)})` : ''}`,
    `- **Time:** ${isoTime(exchange.startedAt)} (${formatRelative(exchange.startedAt, now)})`,
    `- **Seen by:** ${exchange.sources.map((source) => SOURCES[source] ?? text(source)).join(', ') || 'unknown'}`,
    `- **Type:** ${text(exchange.type, 40)}`,
  ];
  if (exchange.redirectedFrom) {
    const carried = exchange.redirectedFrom.carriedCredential ? ' (that hop carried a credential)' : '';
    lines.push(`- **Redirected from:** ${url(exchange.redirectedFrom.url)}${carried}`);
  }
  if (tabUrl !== undefined) lines.push(`- **Page:** ${url(tabUrl)}`);
  return lines;
}

export function serverSection(exchange: Exchange, secrets: readonly string[]): string[] {
  const headers = exchange.responseHeaders.flatMap(({ name, value }) => {
    const label = EXPLAINING_HEADERS.get(name.toLowerCase());
    if (!label) return [];
    const redacted = redactText(value, secrets);
    return [
      `${label}: ${redacted.length > MAX_HEADER_VALUE ? `${redacted.slice(0, MAX_HEADER_VALUE)}…` : redacted}`,
    ];
  });
  const body = exchange.responseBody;
  // Redact the whole body before cutting it, so a secret that straddles the cut is still found.
  const redacted = body ? redactText(body.text, secrets) : '';
  const excerpt = redacted.length > BODY_EXCERPT ? `${redacted.slice(0, BODY_EXCERPT)}…` : redacted;
  const lines = ['#### Server response', ''];
  if (headers.length === 0 && excerpt.trim() === '') {
    lines.push('No WWW-Authenticate header and no response body were recorded.');
    return lines;
  }
  lines.push(fencedBlock([...headers, ...(headers.length && excerpt ? [''] : []), excerpt].join('\n')));
  if (body && (body.text.length > BODY_EXCERPT || body.truncated)) {
    const whole = body.truncated ? 'of the captured start of the body' : `of ${body.text.length} characters`;
    lines.push('', `Body: the first ${BODY_EXCERPT} characters ${whole}.`);
  }
  return lines;
}

export function credentialsSection(
  credentials: readonly CredentialSummary[],
  secrets: readonly string[],
  text: TextFormatter,
): string[] {
  const lines = ['#### Credentials sent', ''];
  if (credentials.length === 0)
    lines.push('None: the request carried no credential Auth Inspector recognises.');
  for (const credential of credentials) {
    const scheme = credential.scheme ? ` · ${text(credential.scheme, 40)}` : '';
    lines.push(`- ${codeSpan(credential.header, 100)}${scheme} · ${text(credential.kind, 300)}`);
    lines.push(`  - Value: ${codeSpan(redactText(redactedValue(credential), secrets), 400)}`);
    lines.push(`  - Fingerprint: ${fingerprintText(credential)}`);
    for (const note of credential.notes.slice(0, 6)) lines.push(`  - Note: ${text(note, 300)}`);
  }
  return lines;
}

/** The credential as it travelled, redacted by the rule for its carrier. */
export function redactedValue(credential: CredentialSummary): string {
  const { header, scheme, secret } = credential;
  if (header.startsWith('?')) return `${header}=${redactQueryValue(header.slice(1), secret)}`;
  if (header === 'authorization' || header === 'proxy-authorization') {
    return redactAuthorizationValue(scheme ? `${scheme} ${secret}` : secret);
  }
  return redactHeader(header, secret);
}

/**
 * The fingerprint is a fast 64-bit hash: fine for a random token, but a password or a short secret
 * could be found from it by guessing offline, so those show none.
 */
function fingerprintText(credential: CredentialSummary): string {
  const secret = credential.secret.trim();
  const guessable =
    credential.scheme.toLowerCase() === 'basic' || (secret.length < 20 && !isPlaceholderValue(secret));
  return guessable
    ? 'not shown (a short secret or password could be guessed from it)'
    : codeSpan(credential.fingerprint);
}

/**
 * The request's cookies (issue 18): names, where they live, sent or withheld and why. No value, and
 * no fingerprint either: a short cookie value could be guessed from one.
 */
export function cookiesSection(cookies: CookieSessionView | undefined, text: TextFormatter): string[] {
  if (!cookies) return [];
  const lines = ['#### Cookies', ''];
  if (cookies.credentialsMode) lines.push(`Credentials mode: ${codeSpan(cookies.credentialsMode, 20)}`, '');
  if (cookies.rows.length === 0)
    lines.push(
      cookies.jarRead ? 'None in the browser for this site or the page’s.' : 'The jar was not read.',
    );
  for (const row of cookies.rows) {
    const state = row.sent
      ? 'sent'
      : `withheld: ${row.withheld.map((reason) => text(reason, 80)).join('; ')}`;
    lines.push(
      `- ${codeSpan(row.name, 100)} (${text(row.domain, 100)}${text(row.path, 100)}) · ${state} · ${row.attributes.map((attribute) => text(attribute, 80)).join(', ')}${row.length === undefined ? '' : ` · value ${row.length} characters, not shown`}`,
    );
  }
  for (const item of cookies.setCookies) {
    const what = item.refused
      ? `refused by the browser (${text(item.refused, 80)})`
      : item.deletes
        ? 'deleted by the server'
        : item.expired
          ? 'expired before the request'
          : 'set by the server';
    lines.push(`- Set-Cookie ${codeSpan(item.name, 100)} (${text(item.where, 200)}): ${what}`);
  }
  return lines;
}
