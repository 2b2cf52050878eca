import type { WebRequest } from 'webextension-polyfill';
import { isSessionCookie } from '../core/cookies/session-cookie-names.ts';
import { parseSetCookies } from '../core/cookies/set-cookie.ts';
import { keptResponseHeader } from '../core/credential-headers.ts';
import { type Exchange, type HeaderEntry, headerValue, headerValues } from '../core/exchange.ts';
import { LIMITS } from '../shared/limits.ts';

/**
 * What network capture reads of a response for cookie sessions (issue 18): the headers it keeps
 * (a Set-Cookie without its value), whether an uncredentialed answer matters at all, and the CORS
 * answers a page's network error is matched with.
 */

/**
 * Whether an uncredentialed success may matter to a cookie session (issue 18): it sets a cookie,
 * or it is a CORS answer to a call from the page. One pass over the header names, on the length of
 * the name first: most responses have neither, and this runs for every response of an armed tab.
 */
export function cookieRelevant(details: WebRequest.OnCompletedDetailsType): boolean {
  const xhr = details.type === 'xmlhttprequest';
  for (const header of details.responseHeaders ?? []) {
    const { length } = header.name;
    if (length === 10 && header.name.toLowerCase() === 'set-cookie') return true;
    if (xhr && length === 27 && header.name.toLowerCase() === 'access-control-allow-origin') return true;
  }
  return false;
}

export function keptHeadersOf(headers: WebRequest.HttpHeaders | undefined): HeaderEntry[] {
  const kept: HeaderEntry[] = [];
  for (const header of headers ?? []) {
    const entry = keptResponseHeader(
      header.name.toLowerCase(),
      (header.value ?? '').slice(0, LIMITS.headerValueChars),
    );
    if (entry) kept.push(entry);
  }
  return kept;
}

export function setsSessionCookie(headers: readonly HeaderEntry[]): boolean {
  const values = headerValues(headers, 'set-cookie');
  return values.length > 0 && parseSetCookies(values).some((cookie) => isSessionCookie(cookie));
}

/** An answer that a credentialed call may not read: `Access-Control-Allow-Origin: *`, or no Allow-Credentials. */
export function refusesCredentials(headers: readonly HeaderEntry[]): boolean {
  const origin = headerValue(headers, 'access-control-allow-origin');
  if (origin === undefined) return false;
  return origin.trim() === '*' || headerValue(headers, 'access-control-allow-credentials')?.trim() !== 'true';
}

export interface CorsAnswer {
  tabId: number;
  method: string;
  url: string;
  status: number;
  completedAt: number;
  responseHeaders: HeaderEntry[];
}

/** The last CORS answers that refused credentials, in memory only and few: a page's error is matched within seconds. */
const corsAnswers: CorsAnswer[] = [];
const MAX_CORS_ANSWERS = 20;
const CORS_ANSWER_MS = 10_000;

export function rememberCorsAnswer(
  details: WebRequest.OnCompletedDetailsType,
  responseHeaders: HeaderEntry[],
): void {
  if (corsAnswers.length >= MAX_CORS_ANSWERS) corsAnswers.shift();
  corsAnswers.push({
    tabId: details.tabId,
    method: details.method,
    url: details.url.slice(0, LIMITS.urlChars),
    status: details.statusCode,
    completedAt: details.timeStamp,
    responseHeaders,
  });
}

/**
 * The server's answer to a call the page saw end in a network error, when the browser withheld it
 * for its CORS headers: what the page could not see (issue 18).
 */
export function withheldCorsAnswer(exchange: Exchange): CorsAnswer | undefined {
  for (let index = corsAnswers.length - 1; index >= 0; index--) {
    const answer = corsAnswers[index] as CorsAnswer;
    if (answer.tabId !== exchange.tabId || answer.method !== exchange.method || answer.url !== exchange.url)
      continue;
    if (Math.abs(answer.completedAt - exchange.completedAt) > CORS_ANSWER_MS) continue;
    return answer;
  }
  return undefined;
}
